// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/commands/ApplyJsonTextCommand.h"

#include "ui/commands/CommandId.h"

#include <QCoreApplication>

namespace kcs::ui {

namespace {

QString applyText()
{
    return QCoreApplication::translate("kcs::ui::ApplyJsonTextCommand", "Apply JSON Text");
}

} // namespace

ApplyJsonTextCommand::ApplyJsonTextCommand(ConfigDocument* document, QByteArray newText)
    : DocumentEditCommand(
          document,
          [text = std::move(newText)](json::Document& doc) { return doc.replaceText(text); },
          applyText())
{
}

ApplyJsonTextCommand::ApplyJsonTextCommand(ConfigDocument* document, const QString& pointer,
                                           QByteArray newText)
    : DocumentEditCommand(
          document,
          [pointer, text = std::move(newText)](json::Document& doc) -> Result<json::Edit> {
              const json::NodeId node = doc.find(pointer);
              if (node == json::kNoNode)
                  return fail(ErrorCode::NotFound,
                              QCoreApplication::translate("kcs::ui::ApplyJsonTextCommand",
                                                          "The object shown (%1) no longer exists")
                                  .arg(pointer));
              return doc.replaceValueText(node, text);
          },
          applyText())
{
}

int ApplyJsonTextCommand::id() const
{
    return int(CommandId::ApplyJsonText);
}

} // namespace kcs::ui
