// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mapping/MappingActions.h"

#include "ui/ConfigDocument.h"
#include "ui/MainWindow.h"
#include "ui/SelectionSync.h"
#include "ui/debug/DebugTools.h"
#include "ui/mapping/MappingDialog.h"
#include "ui/scopes/ScopeStore.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>

namespace kcs::ui {

namespace {

void openMappingDialog(MainWindow* window)
{
    const scopes::ScopeStore* store = window->scopeStore();
    auto* dialog = new MappingDialog(window->document(), store ? store->scopeSet() : keras::ScopeSet{}, window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &MappingDialog::aliasesRequested, window,
                     [window](const std::vector<keras::ObjectDescriptor>& aliases) {
                         scopes::ScopeStore* scopeStore = window->scopeStore();
                         if (scopeStore && scopeStore->addEntries(scopes::ScopeTarget::customObjects(), aliases))
                             window->statusBar()->showMessage(
                                 aliases.size() == 1 ? QObject::tr("One alias added to the custom objects")
                                                                   : QObject::tr("%1 aliases added to the custom objects").arg(aliases.size()), 6000);
                         else
                             window->statusBar()->showMessage(QObject::tr("The aliases could not be added"), 6000);
                     });
    QObject::connect(dialog, &MappingDialog::placeActivated, window, [window](const QString& pointer) {
        const json::NodeId node = window->document()->json().find(pointer);
        if (node != json::kNoNode)
            window->selection()->selectNode(node);
    });
    dialog->open();
}

} // namespace

void installMappingActions(MainWindow* window)
{
    QAction* map = toolsMenu(window)->addAction(QObject::tr("&Map Unknown Classes…"));
    map->setObjectName(QStringLiteral("mapUnknownClassesAction"));
    map->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    map->setStatusTip(QObject::tr("Map every unresolved class of the model to a registered or built-in one"));
    QObject::connect(map, &QAction::triggered, window, [window] { openMappingDialog(window); });
}

} // namespace kcs::ui
