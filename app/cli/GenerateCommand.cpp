// SPDX-License-Identifier: GPL-3.0-or-later
// keras-config-studio generate --layers N [--units U] [--sequential] [--keras 2|3] -o OUT

#include "app/cli/Cli.h"
#include "core/util/SyntheticConfig.h"

#include <QCommandLineParser>
#include <QSaveFile>

namespace kcs::cli {

namespace {
constexpr char kUsage[] = "usage: keras-config-studio generate --layers N [--units U] [--sequential] [--keras 2|3] -o OUT\n";
} // namespace

int runGenerate(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("layers"), QStringLiteral("Dense layers in the chain"), QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("units"), QStringLiteral("units of every layer"), QStringLiteral("U"), QStringLiteral("64")});
    parser.addOption({QStringLiteral("sequential"), QStringLiteral("a Sequential model instead of a Functional graph")});
    parser.addOption({QStringLiteral("keras"), QStringLiteral("the format: 2 (tf.keras 2.15) or 3"), QStringLiteral("V"), QStringLiteral("2")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("file to write"), QStringLiteral("OUT")});
    if (!parser.parse(QStringList{QStringLiteral("generate")} + args) || !parser.isSet(QStringLiteral("o"))) {
        err << kUsage;
        return Usage;
    }
    bool okLayers = false, okUnits = false;
    SyntheticOptions o;
    o.layers = parser.value(QStringLiteral("layers")).toInt(&okLayers);
    o.units = parser.value(QStringLiteral("units")).toInt(&okUnits);
    o.sequential = parser.isSet(QStringLiteral("sequential"));
    const QString keras = parser.value(QStringLiteral("keras"));
    if (keras != u"2" && keras != u"3") {
        err << kUsage;
        return Usage;
    }
    o.keras3 = keras == u"3";
    if (!okLayers || !okUnits || o.layers < 0 || o.layers > 10'000'000 || o.units <= 0) {
        err << "generate: --layers must be 0..10000000 and --units positive\n";
        return Usage;
    }
    const QString path = parser.value(QStringLiteral("o"));
    QSaveFile file(path);
    const QByteArray text = syntheticChainConfig(o);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        err << path << ": " << file.errorString() << '\n';
        return Unreadable;
    }
    out << path << ": " << text.size() << " bytes, " << o.layers + 1 << " layers\n";
    return Ok;
}

} // namespace kcs::cli
