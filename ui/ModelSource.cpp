// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ModelSource.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace kcs::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kcs::ui::ModelSource", text);
}

Result<std::shared_ptr<LoadedFile>> parseInto(QByteArray bytes, const QString& path, const QString& name)
{
    auto parsed = json::Document::parse(bytes);
    if (!parsed) {
        Error error = parsed.error();
        error.message = QStringLiteral("%1:%2:%3: %4")
                            .arg(name)
                            .arg(error.where.line)
                            .arg(error.where.column)
                            .arg(error.message);
        return std::unexpected(error);
    }
    auto file = std::make_shared<LoadedFile>();
    file->path = path;
    file->displayName = name;
    file->kind = QStringLiteral("keras-json");
    file->originalText = std::move(bytes);
    file->plain = std::move(*parsed);
    file->dialect = ModelSource::detectDialect(file->plain);
    return file;
}

} // namespace

Result<std::shared_ptr<LoadedFile>> ModelSource::load(const QString& path)
{
    const QFileInfo info(path);
    auto opened = formats::ModelFile::open(path);
    if (!opened) {
        Error error = opened.error();
        error.message = formats::formatFileError(info.fileName(), error);
        return std::unexpected(error);
    }
    auto file = std::make_shared<LoadedFile>();
    file->path = info.absoluteFilePath();
    file->displayName = info.fileName();
    file->kind = formats::kindName(opened->kind());
    file->dialect = formats::dialectName(opened->dialect());
    file->originalText = opened->config().text();
    file->model.emplace(std::move(*opened));
    return file;
}

Result<std::shared_ptr<LoadedFile>> ModelSource::fromBytes(QByteArray bytes, const QString& displayName)
{
    return parseInto(std::move(bytes), QString(), displayName);
}

Result<void> ModelSource::save(const LoadedFile& file, const QString& path)
{
    if (file.model)
        return file.model->save(path);
    const QByteArray& configText = file.plain.text();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, out.errorString()));
    if (out.write(configText) != configText.size()) {
        out.cancelWriting();
        return fail(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, out.errorString()));
    }
    if (!out.commit())
        return fail(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, out.errorString()));
    return {};
}

QString ModelSource::detectDialect(const json::Document& document)
{
    const json::NodeId root = document.root();
    if (root == json::kNoNode)
        return QStringLiteral("unknown");
    if (document.kind(root) == json::Kind::Array)
        return QStringLiteral("keras1");
    if (document.kind(root) != json::Kind::Object)
        return QStringLiteral("unknown");
    const json::NodeId version = document.member(root, std::string_view("keras_version"));
    if (version != json::kNoNode) {
        const QString text = document.string(version);
        if (text.startsWith(QLatin1String("1.")))
            return QStringLiteral("keras1");
        if (text.startsWith(QLatin1String("2.")))
            return QStringLiteral("keras2");
        if (text.startsWith(QLatin1String("3.")))
            return QStringLiteral("keras3");
    }
    if (document.member(root, std::string_view("module")) != json::kNoNode)
        return QStringLiteral("keras3");
    if (document.member(root, std::string_view("class_name")) != json::kNoNode)
        return QStringLiteral("keras2");
    return QStringLiteral("unknown");
}

} // namespace kcs::ui
