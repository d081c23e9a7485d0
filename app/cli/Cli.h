// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QTextStream>

namespace kcs::cli {

/// Exit codes every subcommand uses.
enum ExitCode { Ok = 0, Problems = 1, Unreadable = 2, Usage = 64 };

/// One subcommand: `keras-config-studio NAME ...`.
struct Command {
    const char* name;
    const char* synopsis;  ///< one line for --help
    int (*run)(const QStringList& args, QTextStream& out, QTextStream& err);
};

/// True when argv names a subcommand (or --help/--version), so main() need not start the GUI.
bool isCommandLine(const QStringList& args);
/// Runs the subcommand named in args (args[0] is the program). Returns the process exit code.
int run(const QStringList& args, QTextStream& out, QTextStream& err);

// The subcommands (each in its own file).
int runSave(const QStringList& args, QTextStream& out, QTextStream& err);
int runInfo(const QStringList& args, QTextStream& out, QTextStream& err);
int runSummary(const QStringList& args, QTextStream& out, QTextStream& err);
int runCheck(const QStringList& args, QTextStream& out, QTextStream& err);
int runBench(const QStringList& args, QTextStream& out, QTextStream& err);
int runGenerate(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace kcs::cli
