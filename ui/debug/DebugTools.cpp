// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/debug/DebugTools.h"

#include "ui/MainWindow.h"
#include "ui/debug/PasteErrorDialog.h"

#include <QAction>
#include <QMenuBar>

namespace kcs::ui {

QMenu* toolsMenu(QMainWindow* window)
{
    const QString name = QStringLiteral("toolsMenu");
    if (auto* existing = window->menuBar()->findChild<QMenu*>(name))
        return existing;
    auto* menu = new QMenu(QObject::tr("&Tools"), window->menuBar());
    menu->setObjectName(name);
    // Before Help, which stays last by convention.
    QAction* before = nullptr;
    for (QAction* action : window->menuBar()->actions()) {
        if (action->menu() && action->menu()->title() == QObject::tr("&Help"))
            before = action;
    }
    window->menuBar()->insertMenu(before, menu);
    return menu;
}

void installDebugTools(MainWindow* window)
{
    QAction* paste = toolsMenu(window)->addAction(QObject::tr("&Paste Error…"));
    paste->setObjectName(QStringLiteral("pasteErrorAction"));
    paste->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    paste->setStatusTip(QObject::tr("Find the objects a Keras error message names and explain it"));
    QObject::connect(paste, &QAction::triggered, window, [window] {
        auto* dialog = window->findChild<PasteErrorDialog*>();
        if (!dialog)
            dialog = new PasteErrorDialog(window->document(), window->selection(), window->jsonPane(), window);
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    });
}

} // namespace kcs::ui
