// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/NodeInfo.h"

#include "core/keras/Catalog.h"

#include <QCoreApplication>

namespace kcs::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kcs::ui::NodeInfo", text);
}

QString memberString(const json::Document& document, json::NodeId object, std::string_view key)
{
    const json::NodeId member = document.member(object, key);
    if (member == json::kNoNode || document.kind(member) != json::Kind::String)
        return {};
    return document.string(member);
}

QString elided(QString text, int maxLength)
{
    if (text.size() > maxLength)
        text = text.left(maxLength - 1) + QChar(0x2026);
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return text;
}

} // namespace

EnvelopeInfo envelopeInfo(const json::Document& document, json::NodeId node)
{
    EnvelopeInfo info;
    if (node == json::kNoNode || document.kind(node) != json::Kind::Object)
        return info;
    const json::NodeId className = document.member(node, std::string_view("class_name"));
    if (className == json::kNoNode || document.kind(className) != json::Kind::String)
        return info;
    if (document.member(node, std::string_view("config")) == json::kNoNode)
        return info;
    info.isEnvelope = true;
    info.className = document.string(className);
    info.module = memberString(document, node, "module");
    info.registeredName = memberString(document, node, "registered_name");
    info.name = memberString(document, node, "name");
    if (info.name.isEmpty()) {
        const json::NodeId config = document.member(node, std::string_view("config"));
        if (document.kind(config) == json::Kind::Object)
            info.name = memberString(document, config, "name");
    }
    return info;
}

namespace {

/// A module-less class name the target ships: its legacy layer table (what a Keras 1/2 config
/// is read with) or any category's name table.
bool isBuiltinClassName(const QString& className, keras::Dialect target)
{
    const keras::Catalog& catalog = keras::Catalog::forDialect(target);
    if (catalog.legacyLookup(className))
        return true;
    for (const keras::Category category : keras::allCategories()) {
        if (catalog.hasCategory(category) && catalog.lookup(category, className))
            return true;
    }
    return false;
}

} // namespace

Resolution resolutionFromFields(const EnvelopeInfo& info, keras::Dialect target)
{
    if (!info.isEnvelope)
        return Resolution::NotAnObject;
    if (info.className == QLatin1String("__lambda__"))
        return Resolution::Unsafe;
    if (info.className.startsWith(QLatin1String("__")))
        return Resolution::Internal;
    if (info.className == QLatin1String("Lambda"))
        return Resolution::Unsafe;
    if (info.registeredName.contains(QLatin1Char('>')))
        return Resolution::Custom;
    if (info.module == QLatin1String("keras") || info.module.startsWith(QLatin1String("keras.")))
        return Resolution::BuiltIn;
    if (info.module.isEmpty() && info.registeredName.isEmpty() && isBuiltinClassName(info.className, target))
        return Resolution::BuiltIn; // Keras 1/2 envelopes name built-ins by class alone
    return Resolution::Unknown;
}

QString resolutionName(Resolution resolution)
{
    switch (resolution) {
    case Resolution::NotAnObject: return QString();
    case Resolution::BuiltIn: return tr("built-in");
    case Resolution::Custom: return tr("custom");
    case Resolution::Unknown: return tr("unknown");
    case Resolution::Unsafe: return tr("unsafe: bytecode");
    case Resolution::Internal: return tr("marker");
    case Resolution::Error: return tr("error");
    }
    return QString();
}

QString kindName(json::Kind kind)
{
    switch (kind) {
    case json::Kind::Null: return QStringLiteral("null");
    case json::Kind::Bool: return QStringLiteral("bool");
    case json::Kind::Number: return QStringLiteral("number");
    case json::Kind::String: return QStringLiteral("string");
    case json::Kind::Array: return QStringLiteral("array");
    case json::Kind::Object: return QStringLiteral("object");
    }
    return QString();
}

QString valueSummary(const json::Document& document, json::NodeId node, int maxLength)
{
    switch (document.kind(node)) {
    case json::Kind::String:
        return elided(document.string(node), maxLength);
    case json::Kind::Null:
    case json::Kind::Bool:
    case json::Kind::Number:
        return QString::fromUtf8(document.raw(node));
    case json::Kind::Array: {
        // Short arrays (shapes, node references) read best as they are written.
        const auto raw = document.raw(node);
        if (raw.size() <= 48 && !raw.contains('{') && !raw.contains('\n'))
            return QString::fromUtf8(raw);
        const int count = document.childCount(node);
        return count == 1 ? tr("[1 item]") : tr("[%1 items]").arg(count);
    }
    case json::Kind::Object: {
        const EnvelopeInfo info = envelopeInfo(document, node);
        if (info.isEnvelope && !info.name.isEmpty())
            return info.name;
        if (document.childCount(node) == 0)
            return QStringLiteral("{}");
        const int count = document.childCount(node);
        return count == 1 ? tr("{1 key}") : tr("{%1 keys}").arg(count);
    }
    }
    return QString();
}

} // namespace kcs::ui
