// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "../UiTestSupport.h"
#include "ui/graph/SnapshotService.h"

#include <QSignalSpy>

namespace kcs::test {

/// tests/data/graph/<name>
inline QString graphData(const QString& name)
{
    return dataPath(QStringLiteral("graph/") + name);
}

/// A document with a file loaded and a snapshot service that has built its first snapshot.
struct GraphFixture {
    ui::ConfigDocument document;
    ui::graph::SnapshotService service{&document};

    bool load(const QString& path)
    {
        service.setDelay(0);
        if (!loadInto(document, path))
            return false;
        return waitForSnapshot();
    }

    bool loadText(const QByteArray& bytes)
    {
        service.setDelay(0);
        if (!loadBytes(document, bytes))
            return false;
        return waitForSnapshot();
    }

    /// Waits for the newest snapshot (the service drops stale ones).
    bool waitForSnapshot()
    {
        QSignalSpy spy(&service, &ui::graph::SnapshotService::snapshotReady);
        return spy.wait(60000) && service.current() != nullptr;
    }
};

} // namespace kcs::test
