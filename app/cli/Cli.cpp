// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/Cli.h"

#include <QCoreApplication>

#include <span>

namespace kcs::cli {
namespace {

constexpr Command kCommands[] = {
    {"save", "save FILE -o OUT [--export-config] [--map OLD=NEW]... [--scope SCOPEFILE]...\n"
             "                              write FILE to OUT (the round trip), its config only, or with\n"
             "                              unknown classes mapped to registered or built-in ones", runSave},
    {"info", "info FILE [--json]          what FILE is: kind, dialect, Keras version, zip members, weights", runInfo},
    {"summary", "summary FILE [--json]       model.summary() without Python: output shapes, parameter counts, totals", runSummary},
    {"check", "check FILE [--keras 3|2] [--scope SCOPEFILE]... [--json]  would Keras load it? every problem, located", runCheck},
    {"bench", "bench FILE [--repeat N] [--check [--keras 3|2]] [--cpu-time] [--json]\n"
              "                              time parsing and writing FILE (and with --check the load\n"
              "                              simulation and the summary) against simdjson", runBench},
    {"generate", "generate --layers N [--keras 2|3] -o OUT\n"
                 "                              write a synthetic config (a chain of N Dense layers) as\n"
                 "                              tf.keras 2 or Keras 3 writes it", runGenerate},
};

void printHelp(QTextStream& out)
{
    out << "Usage: keras-config-studio [FILE]            start the editor (on FILE)\n"
           "       keras-config-studio COMMAND [ARGS...]\n\n"
           "Commands:\n";
    for (const Command& c : kCommands)
        out << "  " << c.synopsis << '\n';
    out << "\nExit codes: 0 success, 1 problems found, 2 the file cannot be read, 64 usage error.\n";
}

const Command* findCommand(const QString& name)
{
    for (const Command& c : kCommands) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

} // namespace

bool isCommandLine(const QStringList& args)
{
    if (args.size() < 2)
        return false;
    const QString& first = args.at(1);
    return first == QLatin1String("--help") || first == QLatin1String("-h")
        || first == QLatin1String("--version") || findCommand(first) != nullptr;
}

int run(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString first = args.value(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        printHelp(out);
        return Ok;
    }
    if (first == QLatin1String("--version")) {
        out << "keras-config-studio " << QCoreApplication::applicationVersion() << '\n';
        return Ok;
    }
    const Command* command = findCommand(first);
    if (!command) {
        err << "keras-config-studio: unknown command '" << first << "'\n";
        printHelp(err);
        return Usage;
    }
    return command->run(args.mid(2), out, err);
}

} // namespace kcs::cli
