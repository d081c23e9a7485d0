// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "support/TestConfig.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTest>

namespace kcs::test {

/// tests/data/<name>
inline QString dataPath(const QString& name)
{
    return QStringLiteral(KCS_TEST_DATA_DIR "/") + name;
}

/// ../shared/corpus, or an empty string when this checkout has no ../shared (a user's clone).
inline QString corpusDir()
{
    const QString dir = QStringLiteral(KCS_SHARED_DIR "/corpus");
    return QDir(dir).exists() ? QDir(dir).canonicalPath() : QString();
}

/// Use at the top of a test that reads the shared corpus.
#define KCS_REQUIRE_CORPUS(dirVar)                                                              \
    const QString dirVar = ::kcs::test::corpusDir();                                            \
    if (dirVar.isEmpty())                                                                       \
        QSKIP("../shared/corpus is not beside this checkout (only the team's machines have it); " \
              "the suite's own fixtures in tests/data cover the same behaviour")

inline QStringList corpusFiles(const QString& dir, const QStringList& patterns)
{
    return QDir(dir).entryList(patterns, QDir::Files, QDir::Name);
}

/// A data-driven test's rows: a QString column "path" with every corpus file matching
/// patterns, one row per file named after it. No rows without the corpus (the test then QSKIPs).
inline void addCorpusPathRows(const QStringList& patterns)
{
    QTest::addColumn<QString>("path");
    const QString dir = corpusDir();
    if (dir.isEmpty())
        return;
    for (const QString& name : corpusFiles(dir, patterns))
        QTest::newRow(qPrintable(name)) << dir + u'/' + name;
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

} // namespace kcs::test
