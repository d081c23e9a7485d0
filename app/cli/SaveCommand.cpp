// SPDX-License-Identifier: GPL-3.0-or-later
// `keras-config-studio save FILE -o OUT [--export-config]`: open any model file and write it
// back (same kind), or write only its model config as JSON. `--map OLD=NEW` (repeatable, with
// `--scope SCOPEFILE` naming targets) rewrites unknown classes first (issue 7).
#include "app/cli/Cli.h"
#include "core/formats/ModelFile.h"
#include "core/keras/ClassMapping.h"

namespace kcs::cli {

namespace {

struct SaveArgs {
    QString input;
    QString output;
    bool exportConfig = false;
    QStringList maps;
    QStringList scopes;
};

bool parseSaveArgs(const QStringList& args, SaveArgs& parsed, QTextStream& err)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("-o") || a == QLatin1String("--output")) {
            if (i + 1 >= args.size()) {
                err << "keras-config-studio save: " << a << " needs a file name\n";
                return false;
            }
            parsed.output = args.at(++i);
        } else if (a == QLatin1String("--map") || a == QLatin1String("--scope")) {
            if (i + 1 >= args.size()) {
                err << "keras-config-studio save: " << a << " needs a value\n";
                return false;
            }
            (a == QLatin1String("--map") ? parsed.maps : parsed.scopes).append(args.at(++i));
        } else if (a == QLatin1String("--export-config")) {
            parsed.exportConfig = true;
        } else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-")) {
            err << "keras-config-studio save: unknown option '" << a << "'\n";
            return false;
        } else if (parsed.input.isEmpty()) {
            parsed.input = a;
        } else {
            err << "keras-config-studio save: more than one input file\n";
            return false;
        }
    }
    if (parsed.input.isEmpty() || parsed.output.isEmpty()) {
        err << "usage: keras-config-studio save FILE -o OUT [--export-config]\n";
        return false;
    }
    return true;
}

} // namespace

int runSave(const QStringList& args, QTextStream& out, QTextStream& err)
{
    Q_UNUSED(out);
    SaveArgs parsed;
    if (!parseSaveArgs(args, parsed, err))
        return Usage;
    auto file = formats::ModelFile::open(parsed.input);
    if (!file) {
        err << formats::formatFileError(parsed.input, file.error()) << '\n';
        return Unreadable;
    }
    if (!parsed.maps.isEmpty()) {
        QStringList differences;
        auto mapped = keras::applyMappingArguments(file->config(), file->dialect(), parsed.maps, parsed.scopes,
                                                   &differences);
        if (!mapped) {
            err << "keras-config-studio save: " << mapped.error().message << '\n';
            return mapped.error().code == ErrorCode::Io ? Unreadable : Problems;
        }
        for (const QString& line : differences)
            out << "mapping: " << line << '\n';
    }
    formats::SaveOptions options;
    options.exportConfigJson = parsed.exportConfig;
    if (auto saved = file->save(parsed.output, options); !saved) {
        err << formats::formatFileError(parsed.output, saved.error()) << '\n';
        return Unreadable;
    }
    return Ok;
}

} // namespace kcs::cli
