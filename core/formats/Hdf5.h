// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/formats (it includes the HDF5 C headers, which only kcs_formats links).

#include "core/formats/FileKind.h"
#include "core/util/Result.h"

#include <hdf5.h>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <mutex>

namespace kcs::formats::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5?close when it goes away, so no
/// early return can leak a handle (HDF5 keeps a file open while any of its handles lives).
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer) : m_id(id), m_close(closer) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : m_id(o.m_id), m_close(o.m_close) { o.m_id = H5I_INVALID_HID; }
    Handle& operator=(Handle&& o) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    hid_t id() const { return m_id; }
    bool isValid() const { return m_id >= 0; }
    void reset();

private:
    hid_t m_id = H5I_INVALID_HID;
    Closer m_close = nullptr;
};

/// Debian's HDF5 is built without thread safety, and the GUI opens files on worker threads:
/// every use of the library holds this lock (taken before any Handle is created, so the handles
/// close inside it).
[[nodiscard]] std::unique_lock<std::recursive_mutex> lock();

/// Turns HDF5's own error printing off for the whole process (once) — errors become our Error
/// values instead of text on stderr.
void silenceErrors();
/// "what: <HDF5's explanation>" built from the library's error stack, which is then cleared.
Error error(ErrorCode code, const QString& what);

/// Opens a file read-only (or read-write) with errors silenced.
Result<Handle> openFile(const QString& path, bool writable = false);
Result<Handle> openGroup(hid_t location, const QByteArray& path);
bool hasAttribute(hid_t object, const char* name);
bool hasLink(hid_t location, const QByteArray& path);

/// A scalar (or one-element) string attribute, fixed or variable length, as its raw bytes
/// (fixed-length padding removed). Refuses values larger than maxSize.
Result<QByteArray> readStringAttribute(hid_t object, const char* name, qint64 maxSize);
/// A string-array attribute such as layer_names; when `name` is absent, the chunks
/// `name0`, `name1`, … that Keras splits large arrays into are read and concatenated.
Result<QStringList> readStringListAttribute(hid_t object, const QByteArray& name);
/// Replaces a string attribute's value, keeping its flavour: fixed vs variable length,
/// character set, padding, scalar vs one-element dataspace. The one exception: a fixed-length
/// value too large for the file's object header (over 64 KiB) is stored as a variable-length
/// string instead.
Result<void> replaceStringAttribute(hid_t object, const char* name, const QByteArray& value);

/// numpy's name of a stored element type ("float32", "int64", "bool", ...).
QString dtypeName(hid_t type);
/// Shape and dtype of a dataset (values untouched).
Result<WeightInfo> describeDataset(hid_t location, const QByteArray& path);
/// The raw bytes of a dataset in its stored element type (native byte order).
Result<QByteArray> readDataset(hid_t location, const QByteArray& path, qint64 maxSize);

} // namespace kcs::formats::h5
