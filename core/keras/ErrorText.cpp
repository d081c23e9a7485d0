// SPDX-License-Identifier: GPL-3.0-or-later
// parseErrorText: recognising the messages Keras and Python print when a model fails to load.
#include "core/keras/ErrorText.h"

#include <QRegularExpression>

namespace kcs::keras {

using json::Value;
using Kind = ErrorFinding::Kind;

namespace {

/// Lines Python prints around a message: they never carry what we look for, and the source
/// lines of a traceback may quote messages that were never raised.
bool isTracebackLine(QStringView line)
{
    return line.startsWith(u"Traceback (most recent call last)") || line.startsWith(u"File \"")
        || line.startsWith(u"During handling of the above exception")
        || line.startsWith(u"The above exception was the direct cause") || line.startsWith(u"^")
        || line.startsWith(u"~");
}

/// Reads a repr dict starting at `from` in line; nullopt when it does not parse.
std::optional<Value> reprAt(QStringView line, qsizetype from)
{
    if (from < 0 || from >= line.size())
        return std::nullopt;
    auto v = parsePythonRepr(line.mid(from));
    if (!v || !v->isObject())
        return std::nullopt;
    return std::move(*v);
}

const QRegularExpression& re(int which)
{
    static const QRegularExpression all[] = {
        QRegularExpression(QStringLiteral(R"(Unknown ([a-z][a-z _]*?): '([^']*)')")),
        QRegularExpression(QStringLiteral(R"(Unknown ([a-z][a-z _]*?): ([^\s',]+?)(?:\.? Please ensure|\.?$))")),
        QRegularExpression(QStringLiteral(R"(Could not locate (class|function) '([^']*)')")),
        QRegularExpression(QStringLiteral(R"(Unrecognized keyword arguments passed to (\w+): )")),
        QRegularExpression(QStringLiteral(R"(\('Keyword argument not understood:', '([^']*)'\))")),
        QRegularExpression(QStringLiteral(R"((\w+)\.__init__\(\) got an unexpected keyword argument '([^']*)')")),
        QRegularExpression(QStringLiteral(R"(Layer '([^']*)' expected (\d+) variables?, but received (\d+) variables?)")),
        QRegularExpression(QStringLiteral(R"(Exception encountered when calling layer ["']([^"']*)["'](?: \(type (\w+)\))?)")),
        QRegularExpression(QStringLiteral(R"(Exception encountered when calling (\w+)\.call\(\))")),
        QRegularExpression(QStringLiteral(R"(Error when deserializing class '([^']*)' using config=)")),
        QRegularExpression(QStringLiteral(R"(Could not interpret (.+?) identifier: '([^']*)')")),
    };
    return all[which];
}

/// The finding of one line for the pattern `which`, if it matches.
std::optional<ErrorFinding> matchLine(QStringView line, int which)
{
    const QRegularExpressionMatch m = re(which).match(line.toString());
    if (!m.hasMatch())
        return std::nullopt;
    ErrorFinding f;
    f.message = line.toString();
    switch (which) {
    case 0: f.kind = Kind::UnknownObject; f.objectWord = m.captured(1); f.classNames = {m.captured(2)}; break;
    case 1: // Keras <= 2.10 did not quote class names; Keras 3's graph error names a layer
        f.kind = Kind::UnknownObject;
        f.objectWord = m.captured(1);
        (line.contains(u"Please ensure") ? f.classNames : f.layerNames) = QStringList{m.captured(2)};
        break;
    case 2: f.kind = Kind::CouldNotLocate; f.objectWord = m.captured(1); f.classNames = {m.captured(2)}; break;
    case 3:
        f.kind = Kind::UnrecognizedKwargs;
        f.classNames = {m.captured(1)};
        if (auto d = reprAt(line, m.capturedEnd(0))) {
            for (const auto& member : d->members())
                f.keys.append(member.first);
        }
        break;
    case 4: f.kind = Kind::KeywordNotUnderstood; f.keys = {m.captured(1)}; break;
    case 5: f.kind = Kind::UnexpectedKeyword; f.classNames = {m.captured(1)}; f.keys = {m.captured(2)}; break;
    case 6:
        f.kind = Kind::VariableCount;
        f.layerNames = {m.captured(1)};
        f.expectedVariables = m.captured(2).toInt();
        f.receivedVariables = m.captured(3).toInt();
        break;
    case 7:
        f.kind = Kind::CallFailed;
        f.layerNames = {m.captured(1)};
        if (m.hasCaptured(2) && !m.captured(2).isEmpty())
            f.classNames = {m.captured(2)};
        break;
    case 8: f.kind = Kind::CallFailed; f.classNames = {m.captured(1)}; break;
    case 9:
        f.kind = Kind::DeserializeFailed;
        f.classNames = {m.captured(1)};
        f.config = reprAt(line, m.capturedEnd(0));
        f.configIsInner = true;
        break;
    case 10:
        f.kind = Kind::UninterpretableIdentifier;
        f.objectWord = m.captured(1);
        f.classNames = {m.captured(2)};
        break;
    }
    return f;
}

bool sameFinding(const ErrorFinding& a, const ErrorFinding& b)
{
    return a.kind == b.kind && a.classNames == b.classNames && a.layerNames == b.layerNames && a.keys == b.keys
        && a.config.has_value() == b.config.has_value() && (!a.config || *a.config == *b.config);
}

void addFinding(std::vector<ErrorFinding>& out, ErrorFinding f)
{
    for (const ErrorFinding& seen : out) {
        if (sameFinding(seen, f))
            return;
    }
    out.push_back(std::move(f));
}

constexpr int kPatternCount = 11;
const QString kFullConfig = QStringLiteral("Full object config: ");

} // namespace

std::vector<ErrorFinding> parseErrorText(QStringView text)
{
    std::vector<ErrorFinding> out;
    for (QStringView raw : text.tokenize(u'\n')) {
        const QStringView line = raw.trimmed();
        if (line.isEmpty() || isTracebackLine(line))
            continue;
        std::vector<ErrorFinding> found;
        for (int i = 0; i < kPatternCount; ++i) {
            if (i == 1 && !found.empty())
                continue; // the quoted "Unknown layer: 'X'" already matched this line
            if (auto f = matchLine(line, i))
                found.push_back(std::move(*f));
        }
        // Keras 3 quotes the failing envelope as "Full object config: {...}" or, when from_config
        // raised, on a line of its own as "config={...}.".
        const qsizetype full = line.indexOf(kFullConfig);
        std::optional<Value> quoted = full >= 0 ? reprAt(line, full + kFullConfig.size())
            : line.startsWith(u"config={")   ? reprAt(line, 7)
                                             : std::nullopt;
        if (quoted) {
            if (found.empty()) {
                ErrorFinding f;
                f.kind = Kind::QuotedConfig;
                f.message = line.toString();
                found.push_back(std::move(f));
            }
            for (ErrorFinding& f : found) {
                if (!f.config)
                    f.config = quoted;
            }
        }
        for (ErrorFinding& f : found)
            addFinding(out, std::move(f));
    }
    return out;
}

} // namespace kcs::keras
