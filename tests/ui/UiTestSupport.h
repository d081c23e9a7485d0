// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "support/TestSupport.h"
#include "ui/ConfigDocument.h"
#include "ui/ModelSource.h"

#include <QLocale>
#include <QSettings>
#include <QStandardPaths>

namespace kcs::test {

/// tests/data/ui/<name>
inline QString uiData(const QString& name)
{
    return dataPath(QStringLiteral("ui/") + name);
}

/// Puts a file's bytes into a document as if it had been opened (the path stays the fixture's).
inline bool loadInto(ui::ConfigDocument& document, const QString& path)
{
    auto loaded = ui::ModelSource::load(path);
    if (!loaded)
        return false;
    document.setFile(std::move(*loaded));
    return true;
}

inline bool loadBytes(ui::ConfigDocument& document, const QByteArray& bytes)
{
    auto loaded = ui::ModelSource::fromBytes(bytes, QStringLiteral("test.json"));
    if (!loaded)
        return false;
    document.setFile(std::move(*loaded));
    return true;
}

/// Settings and standard paths of a test never touch the user's.
inline void isolateUiTest()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QCoreApplication::setOrganizationName(QStringLiteral("KerasConfigStudioTests"));
    QSettings().clear();
}

} // namespace kcs::test
