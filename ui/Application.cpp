// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Application.h"

#include "ui/FileController.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStyleFactory>

namespace kcs::ui {

void setApplicationIdentity()
{
    QApplication::setOrganizationName(QStringLiteral("KerasConfigStudio"));
    QApplication::setApplicationName(QStringLiteral("keras-config-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Keras Config Studio"));
#ifdef KCS_VERSION
    QApplication::setApplicationVersion(QStringLiteral(KCS_VERSION));
#else
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
#endif
}

int runApplication(int argc, char** argv)
{
    QApplication app(argc, argv);
    setApplicationIdentity();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Keras Config Studio"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("Model file to open (default: the bundled example)"));
    parser.process(app);

    MainWindow window;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        window.files()->openExample();
    else
        window.openFile(files.first());
    window.show();
    return app.exec();
}

} // namespace kcs::ui
