// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"
#include "ui/Application.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (kcs::cli::isCommandLine(args)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("keras-config-studio"));
        QCoreApplication::setApplicationVersion(QStringLiteral(KCS_VERSION));
        QTextStream out(stdout);
        QTextStream err(stderr);
        return kcs::cli::run(args, out, err);
    }
    return kcs::ui::runApplication(argc, argv);
}
