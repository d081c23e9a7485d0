// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Application.h"

#include <QApplication>
#include <QMainWindow>

namespace kcs::ui {

int runApplication(int argc, char** argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setWindowTitle(QStringLiteral("Keras Config Studio"));
    window.show();
    return app.exec();
}

} // namespace kcs::ui
