// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Dialogs.h"

#include "ui/LineDiff.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kcs::ui {

namespace {

std::optional<QMessageBox::StandardButton> g_nextAnswer;
std::optional<bool> g_nextDiffAnswer;
QString g_lastError;

} // namespace

void Dialogs::setNextAnswer(QMessageBox::StandardButton answer)
{
    g_nextAnswer = answer;
}

void Dialogs::setNextDiffAnswer(bool confirm)
{
    g_nextDiffAnswer = confirm;
}

std::optional<QMessageBox::StandardButton> Dialogs::takeAnswer()
{
    auto answer = g_nextAnswer;
    g_nextAnswer.reset();
    return answer;
}

QString Dialogs::lastError()
{
    return g_lastError;
}

QMessageBox::StandardButton Dialogs::askSaveChanges(QWidget* parent, const QString& name)
{
    if (auto answer = takeAnswer())
        return *answer;
    return QMessageBox::question(
        parent, QObject::tr("Unsaved Changes"),
        QObject::tr("%1 has unsaved changes. Save them before closing?").arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
}

void Dialogs::showError(QWidget* parent, const QString& title, const QString& message)
{
    g_lastError = message;
    if (takeAnswer())
        return;
    QMessageBox::warning(parent, title, message);
}

bool Dialogs::confirmSaveDiff(QWidget* parent, const QString& path, const QByteArray& before,
                              const QByteArray& after)
{
    const QList<DiffLine> lines =
        LineDiff::changedLines(LineDiff::diffableText(before), LineDiff::diffableText(after));
    if (g_nextDiffAnswer) {
        const bool answer = *g_nextDiffAnswer;
        g_nextDiffAnswer.reset();
        return answer;
    }
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("saveDiffDialog"));
    dialog.setWindowTitle(QObject::tr("Save Changes"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(QObject::tr("Overwrite %1? The config changes in %n line(s):", "",
                                             int(lines.size()))
                                     .arg(path)));
    auto* view = new QPlainTextEdit(LineDiff::render(lines), &dialog);
    view->setObjectName(QStringLiteral("diffView"));
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(view, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(760, 480);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace kcs::ui
