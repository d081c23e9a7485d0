// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/Cli.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace kcs::test {

/// What one in-process run of the command line gave.
struct CliRun {
    int code = -1;
    QString out;
    QString err;
};

/// Runs `keras-config-studio ARGS...` in this process, capturing standard output and error.
inline CliRun runCli(const QStringList& args)
{
    CliRun r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = cli::run(QStringList{QStringLiteral("keras-config-studio")} + args, out, err);
    out.flush();
    err.flush();
    return r;
}

} // namespace kcs::test
