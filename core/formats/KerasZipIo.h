// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/formats: bounded reading of zip members (QuaZip).

#include "core/util/Result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

class QuaZip;

namespace kcs::formats {

/// Inflates one member into out. Refuses members whose declared uncompressed size exceeds
/// limit, and stops as soon as the real output passes it (a member may lie about its size).
/// A CRC mismatch or a read error is a Format error.
Result<void> copyZipEntry(QuaZip& zip, const QString& name, QIODevice& out, qint64 limit);
/// The same into memory.
Result<QByteArray> readZipEntry(QuaZip& zip, const QString& name, qint64 limit);

} // namespace kcs::formats
