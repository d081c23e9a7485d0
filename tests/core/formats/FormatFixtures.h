// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Builders for the small .keras and .h5 files the format tests need (written with QuaZip and the
// HDF5 C API, so the suite does not depend on ../shared), and comparers for saved files.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace kcs::test {

/// One member of a zip fixture.
struct ZipMember {
    QString name;
    QByteArray bytes;
    int method = 0; ///< 0 stored, 8 deflated
    QDateTime modified = QDateTime(QDate(1980, 1, 1), QTime(0, 0));
    quint32 unixMode = 0600;
};

/// Writes a zip with exactly these members in this order (duplicates allowed, to build hostile
/// archives). Returns false on failure.
bool writeZip(const QString& path, const QList<ZipMember>& members);

/// The members of a .keras fixture: metadata.json, config.json, model.weights.h5 and an asset.
/// weightsH5 may be empty (then a few placeholder bytes are stored).
QList<ZipMember> kerasZipMembers(const QByteArray& config, const QByteArray& weightsH5);

/// What a zip member is, byte for byte as stored (compressed bytes, not inflated).
struct RawZipMember {
    QString name;
    int method = 0;
    quint32 crc = 0;
    qint64 uncompressedSize = 0;
    QDateTime modified;
    quint32 externalAttr = 0;
    QByteArray rawBytes;
    bool operator==(const RawZipMember&) const = default;
};
QList<RawZipMember> readRawZip(const QString& path);
/// Inflated content of one member ("" if absent).
QByteArray zipMemberContent(const QString& path, const QString& name);

/// How a fixture h5 stores its model_config attribute.
enum class H5StringType { FixedBytes, VariableUtf8 };

struct H5Spec {
    QByteArray modelConfig;           ///< empty: no model_config attribute at all
    H5StringType configType = H5StringType::FixedBytes;
    QByteArray kerasVersion = "2.15.0";
    QByteArray backend = "tensorflow";
    QByteArray trainingConfig;        ///< empty: none
    bool withWeights = true;          ///< model_weights/dense/dense/{kernel:0 (3x2), bias:0 (2)}
    bool chunkedWeightNames = false;  ///< store weight_names as weight_names0, weight_names1
    bool weightsOnly = false;         ///< save_weights layout: layer_names on the root, no model_config
};
bool writeH5(const QString& path, const H5Spec& spec);
/// A Keras 3 model.weights.h5: layers/dense/vars/{0 (3x2), 1 (2)}, optimizer/vars/0 (scalar
/// int64) and vars (empty). withLinks adds a soft link and an external link (to another file)
/// that look like weights, as a hostile file might.
bool writeKerasWeightsH5(const QString& path, bool withLinks = false);

/// Every attribute and dataset of an HDF5 file as "path@attr" / "path#data" -> type and bytes.
QMap<QString, QByteArray> dumpH5(const QString& path);

/// A tiny Keras 2 model_config (one Dense layer named "dense").
QByteArray smallModelConfig();

} // namespace kcs::test
