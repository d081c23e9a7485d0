// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the load-simulation tests.

#include "core/json/Document.h"
#include "core/keras/LoadSimulation.h"
#include "support/TestSupport.h"

#include <QStringList>

namespace kcs::test {

/// A fixture of tests/data/loadsim parsed into a document (fails the test when it does not parse).
inline json::Document loadsimFixture(const QString& name)
{
    Result<json::Document> doc = json::Document::parse(readFile(dataPath(QStringLiteral("loadsim/") + name)));
    if (!doc)
        qFatal("fixture %s does not parse: %s", qPrintable(name), qPrintable(doc.error().message));
    return std::move(*doc);
}

/// Every problem's code, in report order.
inline QStringList problemCodes(const keras::LoadReport& r)
{
    QStringList codes;
    for (const keras::Problem& p : r.problems)
        codes << p.code;
    return codes;
}

/// Every problem's pointer, in report order.
inline QStringList problemPointers(const keras::LoadReport& r)
{
    QStringList pointers;
    for (const keras::Problem& p : r.problems)
        pointers << p.pointer;
    return pointers;
}

/// The unresolved names as "category:name" (count when > 1: "layers:X*2").
inline QStringList unresolvedNames(const keras::LoadReport& r)
{
    QStringList out;
    for (const keras::UnresolvedName& u : r.unresolved())
        out << keras::categoryName(u.category) + QLatin1Char(':') + u.name
                + (u.count > 1 ? QStringLiteral("*%1").arg(u.count) : QString());
    return out;
}

/// Every problem on one line each (for failure messages).
inline QString describeProblems(const keras::LoadReport& r)
{
    QString out;
    for (const keras::Problem& p : r.problems)
        out += QStringLiteral("\n  %1 %2 %3: %4").arg(keras::severityName(p.severity), p.code, p.pointer, p.message.left(400));
    return out;
}

} // namespace kcs::test
