// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/formats/Hdf5.h"

#include <QFile>

#include <cstring>
#include <mutex>
#include <limits>
#include <vector>

namespace kcs::formats::h5 {

Handle& Handle::operator=(Handle&& o) noexcept
{
    if (this != &o) {
        reset();
        m_id = o.m_id;
        m_close = o.m_close;
        o.m_id = H5I_INVALID_HID;
    }
    return *this;
}

void Handle::reset()
{
    if (m_id >= 0 && m_close)
        m_close(m_id);
    m_id = H5I_INVALID_HID;
}

std::unique_lock<std::recursive_mutex> lock()
{
    static std::recursive_mutex mutex;
    return std::unique_lock<std::recursive_mutex>(mutex);
}

void silenceErrors()
{
    static std::once_flag once;
    std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

namespace {

struct StackText {
    QString outer; ///< what the API call failed to do
    QString inner; ///< the deepest cause
};

herr_t collectError(unsigned n, const H5E_error2_t* e, void* data)
{
    auto* text = static_cast<StackText*>(data);
    const QString desc = QString::fromUtf8(e->desc ? e->desc : "").trimmed();
    if (n == 0)
        text->outer = desc;
    text->inner = desc;
    return 0;
}

} // namespace

Error error(ErrorCode code, const QString& what)
{
    StackText text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collectError, &text);
    H5Eclear2(H5E_DEFAULT);
    QString message = what;
    if (!text.outer.isEmpty()) {
        message += QStringLiteral(" (HDF5: ") + text.outer;
        if (!text.inner.isEmpty() && text.inner != text.outer)
            message += QStringLiteral(": ") + text.inner;
        message += QLatin1Char(')');
    }
    return Error(code, message);
}

Result<Handle> openFile(const QString& path, bool writable)
{
    silenceErrors();
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    // Close every object of the file with it, so a forgotten handle cannot keep it open.
    H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG);
    const QByteArray native = QFile::encodeName(path);
    hid_t file = H5Fopen(native.constData(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.id());
    if (file < 0)
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("damaged or unreadable HDF5 file")));
    return Handle(file, H5Fclose);
}

Result<Handle> openGroup(hid_t location, const QByteArray& path)
{
    hid_t group = H5Gopen2(location, path.constData(), H5P_DEFAULT);
    if (group < 0)
        return std::unexpected(error(ErrorCode::Format,
                                     QStringLiteral("cannot open HDF5 group '%1'").arg(QString::fromUtf8(path))));
    return Handle(group, H5Gclose);
}

bool hasAttribute(hid_t object, const char* name)
{
    const htri_t exists = H5Aexists(object, name);
    H5Eclear2(H5E_DEFAULT);
    return exists > 0;
}

bool hasLink(hid_t location, const QByteArray& path)
{
    // H5Lexists checks only the last component; every parent must exist for it to answer.
    const QList<QByteArray> parts = path.split('/');
    QByteArray prefix;
    for (const QByteArray& part : parts) {
        if (part.isEmpty())
            continue;
        prefix += (prefix.isEmpty() ? "" : "/") + part;
        if (H5Lexists(location, prefix.constData(), H5P_DEFAULT) <= 0) {
            H5Eclear2(H5E_DEFAULT);
            return false;
        }
    }
    return true;
}

namespace {

QString attrName(const char* name) { return QString::fromUtf8(name); }

/// Strips the padding of a fixed-length string element.
QByteArray unpad(const char* data, size_t size, H5T_str_t pad)
{
    size_t n = size;
    if (pad == H5T_STR_SPACEPAD) {
        while (n > 0 && data[n - 1] == ' ')
            --n;
    } else {
        const void* nul = std::memchr(data, 0, size);
        if (nul)
            n = size_t(static_cast<const char*>(nul) - data);
    }
    return QByteArray(data, qsizetype(n));
}

Error tooLarge(qint64 maxSize)
{
    return Error(ErrorCode::Limit, QStringLiteral("attribute is larger than %1 bytes").arg(maxSize));
}

Result<QList<QByteArray>> readVariableStrings(hid_t attr, hid_t type, hid_t space, hssize_t count, qint64 maxSize)
{
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.id(), H5T_VARIABLE);
    H5Tset_cset(mem.id(), H5Tget_cset(type));
    std::vector<char*> ptrs(size_t(count), nullptr);
    if (H5Aread(attr, mem.id(), ptrs.data()) < 0)
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("unreadable string attribute")));
    QList<QByteArray> out;
    qint64 total = 0;
    for (char* p : ptrs) {
        out.append(p ? QByteArray(p) : QByteArray());
        total += out.last().size();
    }
    // HDF5 allocated the strings; they are bounded by the file's size, and freed here.
    H5Dvlen_reclaim(mem.id(), space, H5P_DEFAULT, ptrs.data());
    if (total > maxSize)
        return std::unexpected(tooLarge(maxSize));
    return out;
}

Result<QList<QByteArray>> readFixedStrings(hid_t attr, hid_t type, hssize_t count, qint64 maxSize)
{
    const size_t size = H5Tget_size(type);
    if (size == 0 || qint64(size) * count > maxSize)
        return std::unexpected(tooLarge(maxSize));
    QByteArray buffer(qsizetype(size) * qsizetype(count), '\0');
    Handle mem(H5Tcopy(type), H5Tclose);
    if (H5Aread(attr, mem.id(), buffer.data()) < 0)
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("unreadable string attribute")));
    const H5T_str_t pad = H5Tget_strpad(type);
    QList<QByteArray> out;
    for (hssize_t i = 0; i < count; ++i)
        out.append(unpad(buffer.constData() + i * qsizetype(size), size, pad));
    return out;
}

/// Reads every element of a string attribute (fixed or variable length) as bytes.
Result<QList<QByteArray>> readStrings(hid_t attr, hid_t type, hid_t space, qint64 maxSize)
{
    const hssize_t count = H5Sget_simple_extent_npoints(space);
    if (count < 0)
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("unreadable attribute shape")));
    if (count == 0)
        return QList<QByteArray>();
    if (H5Tis_variable_str(type) > 0)
        return readVariableStrings(attr, type, space, count, maxSize);
    return readFixedStrings(attr, type, count, maxSize);
}

struct OpenedAttribute {
    Handle attr;
    Handle type;
    Handle space;
};

Result<OpenedAttribute> openStringAttribute(hid_t object, const char* name)
{
    OpenedAttribute a;
    a.attr = Handle(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
    if (!a.attr.isValid())
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("cannot read attribute '%1'").arg(attrName(name))));
    a.type = Handle(H5Aget_type(a.attr.id()), H5Tclose);
    a.space = Handle(H5Aget_space(a.attr.id()), H5Sclose);
    if (!a.type.isValid() || !a.space.isValid())
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("cannot read attribute '%1'").arg(attrName(name))));
    return a;
}

} // namespace

Result<QByteArray> readStringAttribute(hid_t object, const char* name, qint64 maxSize)
{
    auto a = openStringAttribute(object, name);
    if (!a)
        return std::unexpected(a.error());
    if (H5Tget_class(a->type.id()) != H5T_STRING)
        return fail(ErrorCode::Format, QStringLiteral("attribute '%1' is not a string").arg(attrName(name)));
    if (H5Sget_simple_extent_npoints(a->space.id()) != 1)
        return fail(ErrorCode::Format, QStringLiteral("attribute '%1' is not a single string").arg(attrName(name)));
    auto strings = readStrings(a->attr.id(), a->type.id(), a->space.id(), maxSize);
    if (!strings) {
        Error e = strings.error();
        e.message = QStringLiteral("attribute '%1': ").arg(attrName(name)) + e.message;
        return std::unexpected(e);
    }
    return strings->value(0);
}

Result<QStringList> readStringListAttribute(hid_t object, const QByteArray& name)
{
    // Large arrays are chunked by Keras into name0, name1, ... (spec 9.4).
    QList<QByteArray> names;
    if (hasAttribute(object, name.constData())) {
        names.append(name);
    } else {
        for (int i = 0; hasAttribute(object, (name + QByteArray::number(i)).constData()); ++i)
            names.append(name + QByteArray::number(i));
    }
    QStringList out;
    for (const QByteArray& n : names) {
        auto a = openStringAttribute(object, n.constData());
        if (!a)
            return std::unexpected(a.error());
        if (H5Sget_simple_extent_npoints(a->space.id()) == 0)
            continue; // numpy writes an empty list as a zero-length float array
        if (H5Tget_class(a->type.id()) != H5T_STRING)
            return fail(ErrorCode::Format, QStringLiteral("attribute '%1' is not a list of strings").arg(QString::fromUtf8(n)));
        auto strings = readStrings(a->attr.id(), a->type.id(), a->space.id(), qint64(1) << 30);
        if (!strings)
            return std::unexpected(strings.error());
        for (const QByteArray& s : *strings)
            out.append(QString::fromUtf8(s));
    }
    return out;
}

namespace {

Result<void> writeStringAttribute(hid_t object, const char* name, hid_t type, hid_t space, const QByteArray& value)
{
    Handle attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.isValid())
        return std::unexpected(error(ErrorCode::Io, QStringLiteral("cannot write attribute '%1'").arg(attrName(name))));
    herr_t status;
    if (H5Tis_variable_str(type) > 0) {
        const char* ptr = value.constData(); // QByteArray data is NUL-terminated
        status = H5Awrite(attr.id(), type, &ptr);
    } else {
        const QByteArray padded = value.isEmpty() ? QByteArray(1, '\0') : value;
        status = H5Awrite(attr.id(), type, padded.constData());
    }
    if (status < 0)
        return std::unexpected(error(ErrorCode::Io, QStringLiteral("cannot write attribute '%1'").arg(attrName(name))));
    return {};
}

} // namespace

Result<void> replaceStringAttribute(hid_t object, const char* name, const QByteArray& value)
{
    auto old = openStringAttribute(object, name);
    if (!old)
        return std::unexpected(old.error());
    if (H5Tget_class(old->type.id()) != H5T_STRING)
        return fail(ErrorCode::Format, QStringLiteral("attribute '%1' is not a string").arg(attrName(name)));
    const bool variable = H5Tis_variable_str(old->type.id()) > 0;
    Handle type(H5Tcopy(old->type.id()), H5Tclose);
    if (!variable)
        H5Tset_size(type.id(), size_t(std::max<qsizetype>(1, value.size())));
    Handle space(H5Scopy(old->space.id()), H5Sclose);
    old->attr.reset();
    if (H5Adelete(object, name) < 0)
        return std::unexpected(error(ErrorCode::Io, QStringLiteral("cannot remove attribute '%1'").arg(attrName(name))));
    auto written = writeStringAttribute(object, name, type.id(), space.id(), value);
    if (written || variable)
        return written;
    // A fixed-length value over 64 KiB does not fit an object header of the original file
    // format; a variable-length string (same character set) lives in the global heap, and Keras
    // reads both kinds.
    H5Tset_size(type.id(), H5T_VARIABLE);
    return writeStringAttribute(object, name, type.id(), space.id(), value);
}

QString dtypeName(hid_t type)
{
    const size_t size = H5Tget_size(type);
    switch (H5Tget_class(type)) {
    case H5T_FLOAT:
        return QStringLiteral("float%1").arg(size * 8);
    case H5T_INTEGER:
        return (H5Tget_sign(type) == H5T_SGN_NONE ? QStringLiteral("uint%1") : QStringLiteral("int%1")).arg(size * 8);
    case H5T_ENUM:
        return QStringLiteral("bool"); // h5py stores numpy bools as an enum
    case H5T_STRING:
        return QStringLiteral("bytes");
    default:
        return QStringLiteral("unknown");
    }
}

Result<WeightInfo> describeDataset(hid_t location, const QByteArray& path)
{
    Handle dataset(H5Dopen2(location, path.constData(), H5P_DEFAULT), H5Dclose);
    if (!dataset.isValid())
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("cannot open weight '%1'").arg(QString::fromUtf8(path))));
    Handle type(H5Dget_type(dataset.id()), H5Tclose);
    Handle space(H5Dget_space(dataset.id()), H5Sclose);
    WeightInfo info;
    const int rank = H5Sget_simple_extent_ndims(space.id());
    if (rank < 0 || rank > H5S_MAX_RANK)
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("weight '%1' has no readable shape").arg(QString::fromUtf8(path))));
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
    qint64 count = 1;
    for (hsize_t d : dims) {
        info.shape.push_back(qint64(d));
        count = (d != 0 && count > std::numeric_limits<qint64>::max() / qint64(d)) ? -1 : count * qint64(d);
        if (count < 0)
            break;
    }
    info.dtype = dtypeName(type.id());
    info.byteSize = count < 0 ? -1 : count * qint64(H5Tget_size(type.id()));
    // Keras 3 marks bfloat16 variables, stored as 16-bit words, with a dtype attribute.
    if (hasAttribute(dataset.id(), "dtype")) {
        auto tag = readStringAttribute(dataset.id(), "dtype", 64);
        if (tag)
            info.dtype = QString::fromUtf8(*tag);
    }
    info.location = QString::fromUtf8(path);
    return info;
}

Result<QByteArray> readDataset(hid_t location, const QByteArray& path, qint64 maxSize)
{
    auto info = describeDataset(location, path);
    if (!info)
        return std::unexpected(info.error());
    if (info->byteSize < 0 || info->byteSize > maxSize)
        return fail(ErrorCode::Limit, QStringLiteral("weight '%1' is larger than %2 bytes").arg(info->location).arg(maxSize));
    Handle dataset(H5Dopen2(location, path.constData(), H5P_DEFAULT), H5Dclose);
    Handle type(H5Dget_type(dataset.id()), H5Tclose);
    Handle native(H5Tget_native_type(type.id(), H5T_DIR_ASCEND), H5Tclose);
    QByteArray data(qsizetype(info->byteSize), '\0');
    if (H5Tis_variable_str(type.id()) > 0)
        return fail(ErrorCode::Unsupported, QStringLiteral("weight '%1' holds variable-length strings").arg(info->location));
    if (H5Dread(dataset.id(), native.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
        return std::unexpected(error(ErrorCode::Format, QStringLiteral("cannot read weight '%1'").arg(info->location)));
    return data;
}

} // namespace kcs::formats::h5
