// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/CatalogErrors.h"

namespace kcs::keras {

QString unrecognizedKeywordArgumentsMessage(QStringView className, QStringView unknownDictRepr)
{
    return QStringLiteral("Unrecognized keyword arguments passed to %1: %2").arg(className, unknownDictRepr);
}

QString unexpectedKeywordArgumentMessage(QStringView ownerClass, QStringView key)
{
    return QStringLiteral("%1.__init__() got an unexpected keyword argument '%2'").arg(ownerClass, key);
}

QString keywordArgumentNotUnderstoodMessage(QStringView keyRepr)
{
    return QStringLiteral("('Keyword argument not understood:', %1)").arg(keyRepr);
}

QString missingArgumentsMessage(QStringView ownerClass, const QStringList& names, bool keywordOnly)
{
    // CPython's format_missing(): 'a' / 'a' and 'b' / 'a', 'b', and 'c' (Oxford comma).
    QStringList quoted;
    for (const QString& n : names)
        quoted.append(QLatin1Char('\'') + n + QLatin1Char('\''));
    QString list;
    if (quoted.size() == 1) {
        list = quoted.front();
    } else if (quoted.size() == 2) {
        list = quoted[0] + QStringLiteral(" and ") + quoted[1];
    } else {
        list = quoted.mid(0, quoted.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(", and ")
            + quoted.back();
    }
    const qsizetype n = names.size();
    return QStringLiteral("%1.__init__() missing %2 required %3 argument%4: %5")
        .arg(ownerClass.toString(), QString::number(n),
             keywordOnly ? QStringLiteral("keyword-only") : QStringLiteral("positional"),
             n == 1 ? QString() : QStringLiteral("s"), list);
}

QString deserializingClassMessage(QStringView className, QStringView innerRepr, QStringView message)
{
    // Built by concatenation: a message may itself contain %1-like text.
    QString out = QStringLiteral("Error when deserializing class '");
    out += className;
    out += QStringLiteral("' using config=");
    out += innerRepr;
    out += QStringLiteral(".\n\nException encountered: ");
    out += message;
    return out;
}

QString optimizerArgumentsNotRecognizedMessage(QStringView unknownDictRepr)
{
    return QStringLiteral("Argument(s) not recognized: ") + unknownDictRepr.toString();
}

} // namespace kcs::keras
