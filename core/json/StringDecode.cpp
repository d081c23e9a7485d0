// SPDX-License-Identifier: GPL-3.0-or-later
// Decoding JSON string literals (already validated by the parser) on demand.

#include "core/json/DocumentImpl.h"

namespace kcs::json::detail {
namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c - 'A' + 10;
}

// Calls out(unit) for every UTF-16 unit of an escape, and outRaw(bytes) for unescaped runs.
template <class Raw, class Unit>
void walkLiteral(QByteArrayView literal, Raw&& outRaw, Unit&& outUnit)
{
    const char* p = literal.data() + 1;
    const char* end = literal.data() + literal.size() - 1;
    while (p < end) {
        const char* run = p;
        while (p < end && *p != '\\')
            ++p;
        if (p > run)
            outRaw(QByteArrayView(run, p - run));
        if (p >= end)
            break;
        const char e = p[1];
        switch (e) {
        case 'n': outUnit(u'\n'); break;
        case 'r': outUnit(u'\r'); break;
        case 't': outUnit(u'\t'); break;
        case 'b': outUnit(u'\b'); break;
        case 'f': outUnit(u'\f'); break;
        case 'u': {
            char16_t u = 0;
            for (int k = 2; k < 6; ++k)
                u = char16_t(u * 16 + hexValue(p[k]));
            outUnit(u);
            p += 6;
            continue;
        }
        default: outUnit(char16_t(e)); break; // \" \\ \/
        }
        p += 2;
    }
}

} // namespace

QString decodeString(QByteArrayView literal)
{
    if (literal.size() < 2)
        return {};
    if (!literal.contains('\\'))
        return QString::fromUtf8(literal.sliced(1, literal.size() - 2));
    QString out;
    walkLiteral(
        literal, [&](QByteArrayView raw) { out += QString::fromUtf8(raw); },
        [&](char16_t unit) { out += QChar(unit); });
    return out;
}

std::string decodeStringUtf8(QByteArrayView literal)
{
    if (literal.size() < 2)
        return {};
    if (!literal.contains('\\'))
        return std::string(literal.data() + 1, size_t(literal.size() - 2));
    // Escapes may form surrogate pairs, so go through UTF-16.
    const QByteArray utf8 = decodeString(literal).toUtf8();
    return std::string(utf8.constData(), size_t(utf8.size()));
}

} // namespace kcs::json::detail
