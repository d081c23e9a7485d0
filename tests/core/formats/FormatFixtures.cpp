// SPDX-License-Identifier: GPL-3.0-or-later
#include "FormatFixtures.h"

#include <hdf5.h>
#include <quazip.h>
#include <quazipfile.h>
#include <quazipnewinfo.h>

#include <QFile>

#include <vector>

namespace kcs::test {

bool writeZip(const QString& path, const QList<ZipMember>& members)
{
    QuaZip zip(path);
    zip.setDataDescriptorWritingEnabled(false);
    if (!zip.open(QuaZip::mdCreate))
        return false;
    for (const ZipMember& m : members) {
        QuaZipNewInfo info(m.name);
        info.dateTime = m.modified;
        info.externalAttr = m.unixMode << 16;
        QuaZipFile file(&zip);
        if (!file.open(QIODevice::WriteOnly, info, nullptr, 0, m.method, m.method == 0 ? 0 : 6))
            return false;
        if (file.write(m.bytes) != m.bytes.size())
            return false;
        file.close();
        if (file.getZipError() != ZIP_OK)
            return false;
    }
    zip.close();
    return zip.getZipError() == ZIP_OK;
}

QList<ZipMember> kerasZipMembers(const QByteArray& config, const QByteArray& weightsH5)
{
    QList<ZipMember> members;
    members.append({QStringLiteral("metadata.json"), R"({"keras_version": "3.10.0", "date_saved": "2025-06-01@12:00:00"})"});
    members.append({QStringLiteral("config.json"), config});
    ZipMember weights{QStringLiteral("model.weights.h5"), weightsH5.isEmpty() ? QByteArray("not read") : weightsH5};
    weights.modified = QDateTime(QDate(2025, 6, 1), QTime(12, 0, 0));
    members.append(weights);
    ZipMember asset{QStringLiteral("assets/layers/text_vectorization/vocabulary.txt"), QByteArray("a\nb\nc\n").repeated(50)};
    asset.method = 8;
    asset.unixMode = 0644;
    asset.modified = QDateTime(QDate(2024, 2, 29), QTime(23, 59, 58));
    members.append(asset);
    return members;
}

QList<RawZipMember> readRawZip(const QString& path)
{
    QList<RawZipMember> out;
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdUnzip))
        return out;
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        QuaZipFileInfo64 info;
        zip.getCurrentFileInfo(&info);
        QuaZipFile file(&zip);
        int method = 0;
        int level = 0;
        if (!file.open(QIODevice::ReadOnly, &method, &level, true))
            return {};
        RawZipMember m{info.name, method, info.crc, qint64(info.uncompressedSize), info.dateTime, info.externalAttr, file.readAll()};
        out.append(m);
    }
    return out;
}

QByteArray zipMemberContent(const QString& path, const QString& name)
{
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdUnzip) || !zip.setCurrentFile(name))
        return {};
    QuaZipFile file(&zip);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

namespace {

hid_t stringType(qsizetype size, H5StringType kind)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    if (kind == H5StringType::VariableUtf8) {
        H5Tset_size(type, H5T_VARIABLE);
        H5Tset_cset(type, H5T_CSET_UTF8);
    } else {
        H5Tset_size(type, size_t(std::max<qsizetype>(1, size)));
        H5Tset_strpad(type, H5T_STR_NULLPAD);
    }
    return type;
}

bool writeStringAttr(hid_t loc, const char* name, const QByteArray& value, H5StringType kind = H5StringType::FixedBytes)
{
    hid_t type = stringType(value.size(), kind);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char* ptr = value.constData();
    herr_t status = kind == H5StringType::VariableUtf8 ? H5Awrite(attr, type, &ptr) : H5Awrite(attr, type, ptr);
    H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    return status >= 0;
}

/// A list of byte strings as h5py stores numpy 'S' arrays: fixed length, NUL padded.
bool writeStringListAttr(hid_t loc, const char* name, const QList<QByteArray>& items)
{
    qsizetype width = 1;
    for (const QByteArray& s : items)
        width = std::max(width, s.size());
    QByteArray buffer(width * items.size(), '\0');
    for (qsizetype i = 0; i < items.size(); ++i)
        std::copy(items[i].begin(), items[i].end(), buffer.begin() + i * width);
    hid_t type = stringType(width, H5StringType::FixedBytes);
    const hsize_t dims[1] = {hsize_t(items.size())};
    hid_t space = H5Screate_simple(1, dims, nullptr);
    hid_t attr = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t status = H5Awrite(attr, type, buffer.constData());
    H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    return status >= 0;
}

bool writeDataset(hid_t loc, const char* path, std::vector<hsize_t> dims, hid_t type, const void* data)
{
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t space = dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(int(dims.size()), dims.data(), nullptr);
    hid_t ds = H5Dcreate2(loc, path, type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    herr_t status = H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    H5Dclose(ds);
    H5Sclose(space);
    H5Pclose(lcpl);
    return ds >= 0 && status >= 0;
}

const float kKernel[6] = {0.5f, -1.0f, 2.0f, 0.25f, 3.0f, -0.125f};
const float kBias[2] = {0.0f, 1.0f};

bool writeLegacyWeights(hid_t file, const H5Spec& spec)
{
    hid_t group = spec.weightsOnly ? H5Gopen2(file, "/", H5P_DEFAULT) : H5Gcreate2(file, "model_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    bool ok = writeStringListAttr(group, "layer_names", {"dense"}) && writeStringAttr(group, "backend", spec.backend)
        && writeStringAttr(group, "keras_version", spec.kerasVersion);
    hid_t layer = H5Gcreate2(group, "dense", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (spec.chunkedWeightNames)
        ok = ok && writeStringListAttr(layer, "weight_names0", {"dense/kernel:0"}) && writeStringListAttr(layer, "weight_names1", {"dense/bias:0"});
    else
        ok = ok && writeStringListAttr(layer, "weight_names", {"dense/kernel:0", "dense/bias:0"});
    ok = ok && writeDataset(layer, "dense/kernel:0", {3, 2}, H5T_IEEE_F32LE, kKernel)
        && writeDataset(layer, "dense/bias:0", {2}, H5T_IEEE_F32LE, kBias);
    H5Gclose(layer);
    H5Gclose(group);
    return ok;
}

} // namespace

bool writeH5(const QString& path, const H5Spec& spec)
{
    hid_t file = H5Fcreate(QFile::encodeName(path).constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0)
        return false;
    bool ok = true;
    if (!spec.modelConfig.isEmpty())
        ok = writeStringAttr(file, "model_config", spec.modelConfig, spec.configType);
    if (!spec.weightsOnly) {
        ok = ok && writeStringAttr(file, "keras_version", spec.kerasVersion) && writeStringAttr(file, "backend", spec.backend);
    }
    if (!spec.trainingConfig.isEmpty())
        ok = ok && writeStringAttr(file, "training_config", spec.trainingConfig);
    if (spec.withWeights)
        ok = ok && writeLegacyWeights(file, spec);
    H5Fclose(file);
    return ok;
}

bool writeKerasWeightsH5(const QString& path, bool withLinks)
{
    hid_t file = H5Fcreate(QFile::encodeName(path).constData(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (file < 0)
        return false;
    const qint64 iterations = 7;
    bool ok = writeDataset(file, "layers/dense/vars/0", {3, 2}, H5T_IEEE_F32LE, kKernel)
        && writeDataset(file, "layers/dense/vars/1", {2}, H5T_IEEE_F32LE, kBias)
        && writeDataset(file, "optimizer/vars/0", {}, H5T_STD_I64LE, &iterations);
    hid_t vars = H5Gcreate2(file, "vars", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok = ok && writeStringAttr(vars, "name", "sequential", H5StringType::VariableUtf8);
    H5Gclose(vars);
    if (withLinks) {
        hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
        H5Pset_create_intermediate_group(lcpl, 1);
        ok = ok && H5Lcreate_soft("/layers/dense/vars/0", file, "layers/alias/vars/0", lcpl, H5P_DEFAULT) >= 0
            && H5Lcreate_external("/etc/hostname", "/secret", file, "layers/outside/vars/0", lcpl, H5P_DEFAULT) >= 0;
        H5Pclose(lcpl);
    }
    H5Fclose(file);
    return ok;
}

namespace {

QByteArray describeType(hid_t type, hid_t space)
{
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    QByteArray d = "class=" + QByteArray::number(int(H5Tget_class(type))) + " size=" + QByteArray::number(qulonglong(H5Tget_size(type)))
        + " vlen=" + QByteArray::number(H5Tis_variable_str(type) > 0) + " space=" + QByteArray::number(int(H5Sget_simple_extent_type(space)))
        + " dims=";
    for (hsize_t x : dims)
        d += QByteArray::number(qulonglong(x)) + ',';
    if (H5Tget_class(type) == H5T_STRING)
        d += " pad=" + QByteArray::number(int(H5Tget_strpad(type))) + " cset=" + QByteArray::number(int(H5Tget_cset(type)));
    return d + ':';
}

QByteArray readAttr(hid_t attr)
{
    hid_t type = H5Aget_type(attr);
    hid_t space = H5Aget_space(attr);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    QByteArray out = describeType(type, space);
    if (H5Tis_variable_str(type) > 0) {
        std::vector<char*> ptrs(size_t(n), nullptr);
        H5Aread(attr, type, ptrs.data());
        for (char* p : ptrs)
            out += QByteArray(p ? p : "") + '\0';
        H5Dvlen_reclaim(type, space, H5P_DEFAULT, ptrs.data());
    } else {
        QByteArray buffer(qsizetype(n) * qsizetype(H5Tget_size(type)), '\0');
        H5Aread(attr, type, buffer.data());
        out += buffer;
    }
    H5Sclose(space);
    H5Tclose(type);
    return out;
}

struct DumpState {
    QMap<QString, QByteArray>* out;
    QString objectPath;
};

herr_t dumpAttr(hid_t loc, const char* name, const H5A_info_t*, void* data)
{
    auto* state = static_cast<DumpState*>(data);
    hid_t attr = H5Aopen(loc, name, H5P_DEFAULT);
    state->out->insert(state->objectPath + QLatin1Char('@') + QString::fromUtf8(name), readAttr(attr));
    H5Aclose(attr);
    return 0;
}

void dumpObject(hid_t file, const QByteArray& path, QMap<QString, QByteArray>& out)
{
    hid_t obj = H5Oopen(file, path.constData(), H5P_DEFAULT);
    DumpState state{&out, QString::fromUtf8(path)};
    hsize_t idx = 0;
    H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, dumpAttr, &state);
    if (H5Iget_type(obj) == H5I_DATASET) {
        hid_t type = H5Dget_type(obj);
        hid_t space = H5Dget_space(obj);
        QByteArray bytes(qsizetype(H5Sget_simple_extent_npoints(space)) * qsizetype(H5Tget_size(type)), '\0');
        H5Dread(obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
        out.insert(QString::fromUtf8(path) + QStringLiteral("#data"), describeType(type, space) + bytes);
        H5Sclose(space);
        H5Tclose(type);
    }
    H5Oclose(obj);
}

herr_t collectLink(hid_t, const char* name, const H5L_info_t*, void* data)
{
    static_cast<QList<QByteArray>*>(data)->append(QByteArray(name));
    return 0;
}

} // namespace

QMap<QString, QByteArray> dumpH5(const QString& path)
{
    QMap<QString, QByteArray> out;
    hid_t file = H5Fopen(QFile::encodeName(path).constData(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0)
        return out;
    QList<QByteArray> paths{"/"};
    H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, collectLink, &paths);
    for (const QByteArray& p : paths)
        dumpObject(file, p, out);
    H5Fclose(file);
    return out;
}

QByteArray smallModelConfig()
{
    return R"({"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "Dense", "config": {"name": "dense", "batch_input_shape": [null, 3], "units": 2}}]}})";
}

} // namespace kcs::test
