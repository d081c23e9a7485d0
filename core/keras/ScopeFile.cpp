// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/ScopeFile.h"

#include "core/formats/AtomicFile.h"
#include "core/json/Document.h"
#include "core/json/PyJson.h"

#include <QFile>

namespace kcs::keras {
namespace {

/// The singular words scope files use for the categories (the plural catalog names work too).
constexpr std::pair<const char16_t*, Category> kCategoryWords[] = {
    {u"layer", Category::Layers}, {u"activation", Category::Activations},
    {u"initializer", Category::Initializers}, {u"regularizer", Category::Regularizers},
    {u"constraint", Category::Constraints}, {u"loss", Category::Losses},
    {u"metric", Category::Metrics}, {u"optimizer", Category::Optimizers},
    {u"learning_rate_schedule", Category::LearningRateSchedules}, {u"model", Category::Models},
    {u"dtype_policy", Category::DtypePolicies}, {u"op", Category::Ops},
};

/// Parses one file; every error is located as "FILE:LINE:COL: message".
class ScopeFileReader {
public:
    ScopeFileReader(const json::Document& doc, QString fileName)
        : m_doc(doc), m_file(fileName.isEmpty() ? QStringLiteral("<scope file>") : std::move(fileName)) {}

    Result<ScopeSet> read();

private:
    std::unexpected<Error> error(json::NodeId node, const QString& message) const
    {
        SourceLocation where = m_doc.location(node);
        return std::unexpected(Error(ErrorCode::Format,
            QStringLiteral("%1:%2:%3: %4").arg(m_file).arg(where.line).arg(where.column).arg(message),
            where));
    }
    Result<std::vector<ObjectDescriptor>> readList(json::NodeId list);
    Result<ObjectDescriptor> readDescriptor(json::NodeId node);
    Result<QStringList> readParams(json::NodeId node);
    Result<QString> optionalString(json::NodeId object, std::string_view key);

    const json::Document& m_doc;
    QString m_file;
};

Result<QString> ScopeFileReader::optionalString(json::NodeId object, std::string_view key)
{
    const json::NodeId n = m_doc.member(object, key);
    if (n == json::kNoNode)
        return QString();
    if (m_doc.kind(n) != json::Kind::String)
        return error(n, QStringLiteral("\"%1\" must be a string").arg(QString::fromUtf8(key.data(), qsizetype(key.size()))));
    return m_doc.string(n);
}

Result<ScopeSet> ScopeFileReader::read()
{
    const json::NodeId root = m_doc.root();
    if (m_doc.kind(root) != json::Kind::Object)
        return error(root, QStringLiteral("a scope file is a JSON object with \"scopes\""));
    auto format = optionalString(root, "format");
    if (!format)
        return std::unexpected(format.error());
    if (!format->isEmpty() && *format != u"kcs-scopes/1")
        return error(m_doc.member(root, "format"), QStringLiteral("unknown format '%1' (expected kcs-scopes/1)").arg(*format));
    ScopeSet set;
    if (const json::NodeId scopes = m_doc.member(root, "scopes"); scopes != json::kNoNode) {
        if (m_doc.kind(scopes) != json::Kind::Array)
            return error(scopes, QStringLiteral("\"scopes\" must be a list of scopes"));
        for (int i = 0; i < m_doc.childCount(scopes); ++i) {
            const json::NodeId s = m_doc.child(scopes, i);
            if (m_doc.kind(s) != json::Kind::Object)
                return error(s, QStringLiteral("a scope must be an object with \"name\" and \"objects\""));
            NamedScope scope;
            auto name = optionalString(s, "name");
            if (!name)
                return std::unexpected(name.error());
            scope.name = name->isEmpty() ? QStringLiteral("scope %1").arg(i + 1) : *name;
            auto objects = readList(m_doc.member(s, "objects"));
            if (!objects)
                return std::unexpected(objects.error());
            scope.objects = std::move(*objects);
            if (const json::NodeId on = m_doc.member(s, "enabled"); on != json::kNoNode) {
                if (m_doc.kind(on) != json::Kind::Bool)
                    return error(on, QStringLiteral("\"enabled\" must be true or false"));
                scope.enabled = m_doc.boolValue(on);
            }
            set.scopes.push_back(std::move(scope));
        }
    }
    for (auto [key, into] : {std::pair{"global", &set.global}, std::pair{"custom_objects", &set.customObjects}}) {
        const json::NodeId list = m_doc.member(root, key);
        if (list == json::kNoNode)
            continue;
        auto objects = readList(list);
        if (!objects)
            return std::unexpected(objects.error());
        *into = std::move(*objects);
    }
    return set;
}

Result<std::vector<ObjectDescriptor>> ScopeFileReader::readList(json::NodeId list)
{
    std::vector<ObjectDescriptor> out;
    if (list == json::kNoNode)
        return out;
    if (m_doc.kind(list) != json::Kind::Array)
        return error(list, QStringLiteral("expected a list of object descriptors"));
    for (int i = 0; i < m_doc.childCount(list); ++i) {
        auto d = readDescriptor(m_doc.child(list, i));
        if (!d)
            return std::unexpected(d.error());
        out.push_back(std::move(*d));
    }
    return out;
}

Result<ObjectDescriptor> ScopeFileReader::readDescriptor(json::NodeId node)
{
    if (m_doc.kind(node) != json::Kind::Object)
        return error(node, QStringLiteral("a descriptor must be an object with \"key\""));
    ObjectDescriptor d;
    auto key = optionalString(node, "key");
    auto package = optionalString(node, "package");
    auto name = optionalString(node, "name");
    auto kind = optionalString(node, "kind");
    auto category = optionalString(node, "category");
    auto aliasOf = optionalString(node, "alias_of");
    for (const auto* r : {&key, &package, &name, &kind, &category, &aliasOf}) {
        if (!*r)
            return std::unexpected(r->error());
    }
    d.key = !key->isEmpty() ? *key : (package->isEmpty() ? *name : *package + QLatin1Char('>') + *name);
    if (d.key.isEmpty())
        return error(node, QStringLiteral("a descriptor needs \"key\" (or \"name\")"));
    if (!kind->isEmpty() && *kind != u"class" && *kind != u"function")
        return error(m_doc.member(node, "kind"), QStringLiteral("\"kind\" must be \"class\" or \"function\""));
    d.isFunction = *kind == u"function";
    d.aliasOf = *aliasOf;
    if (!category->isEmpty()) {
        d.category = categoryFromWord(*category);
        if (!d.category)
            return error(m_doc.member(node, "category"), QStringLiteral("unknown category '%1'").arg(*category));
    }
    if (const json::NodeId params = m_doc.member(node, "params"); params != json::kNoNode) {
        auto list = readParams(params);
        if (!list)
            return std::unexpected(list.error());
        d.params = *list;
    }
    if (const json::NodeId kw = m_doc.member(node, "kwargs"); kw != json::kNoNode) {
        if (m_doc.kind(kw) != json::Kind::Bool)
            return error(kw, QStringLiteral("\"kwargs\" must be true or false"));
        d.acceptsExtraKwargs = m_doc.boolValue(kw);
    }
    return d;
}

Result<QStringList> ScopeFileReader::readParams(json::NodeId node)
{
    if (m_doc.kind(node) != json::Kind::Array)
        return error(node, QStringLiteral("\"params\" must be a list of names"));
    QStringList names;
    for (int i = 0; i < m_doc.childCount(node); ++i) {
        const json::NodeId p = m_doc.child(node, i);
        if (m_doc.kind(p) == json::Kind::String) {
            names << m_doc.string(p);
            continue;
        }
        const json::NodeId n = m_doc.kind(p) == json::Kind::Object ? m_doc.member(p, "name") : json::kNoNode;
        if (n == json::kNoNode || m_doc.kind(n) != json::Kind::String)
            return error(p, QStringLiteral("a parameter is a name or an object with \"name\""));
        names << m_doc.string(n);
    }
    return names;
}

/// One descriptor on one line, keys in the reader's order, defaults left out.
QByteArray descriptorLine(const ObjectDescriptor& d)
{
    QByteArray line = "{\"key\": " + json::quoteString(d.key);
    if (!d.aliasOf.isEmpty())
        line += ", \"alias_of\": " + json::quoteString(d.aliasOf);
    if (d.isFunction)
        line += ", \"kind\": \"function\"";
    if (d.category)
        line += ", \"category\": " + json::quoteString(categoryWord(*d.category));
    if (d.params) {
        QByteArrayList names;
        for (const QString& p : *d.params)
            names << json::quoteString(p);
        line += ", \"params\": [" + names.join(", ") + ']';
    }
    if (d.acceptsExtraKwargs)
        line += ", \"kwargs\": true";
    return line + '}';
}

/// A list of descriptors, one per line at the given indentation, closed on its own line.
QByteArray descriptorList(const std::vector<ObjectDescriptor>& list, const QByteArray& indent)
{
    if (list.empty())
        return "[]";
    QByteArrayList lines;
    for (const ObjectDescriptor& d : list)
        lines << indent + "  " + descriptorLine(d);
    return "[\n" + lines.join(",\n") + '\n' + indent + ']';
}

} // namespace

QString ObjectDescriptor::shortName() const
{
    const qsizetype gt = key.lastIndexOf(QLatin1Char('>'));
    return gt < 0 ? key : key.mid(gt + 1);
}

QString ObjectDescriptor::package() const
{
    const qsizetype gt = key.lastIndexOf(QLatin1Char('>'));
    return gt < 0 ? QString() : key.left(gt);
}

QString categoryWord(Category category)
{
    for (const auto& [w, c] : kCategoryWords) {
        if (c == category)
            return QString::fromUtf16(w);
    }
    return categoryName(category);
}

void ScopeSet::append(const ScopeSet& other)
{
    for (const NamedScope& scope : other.scopes) {
        if (scope.enabled)
            scopes.push_back(scope);
    }
    global.insert(global.end(), other.global.begin(), other.global.end());
    customObjects.insert(customObjects.end(), other.customObjects.begin(), other.customObjects.end());
}

ScopeSet ScopeSet::inForce() const
{
    ScopeSet set;
    set.append(*this);
    return set;
}

std::optional<Category> categoryFromWord(QStringView word)
{
    if (auto c = categoryFromName(word))
        return c;
    for (const auto& [w, c] : kCategoryWords) {
        if (word == QStringView(w))
            return c;
    }
    return std::nullopt;
}

Result<ScopeSet> parseScopeFile(const QByteArray& text, const QString& fileName)
{
    Result<json::Document> doc = json::Document::parse(text);
    const QString file = fileName.isEmpty() ? QStringLiteral("<scope file>") : fileName;
    if (!doc) {
        const Error& e = doc.error();
        return fail(ErrorCode::Syntax,
                    QStringLiteral("%1:%2:%3: %4").arg(file).arg(e.where.line).arg(e.where.column).arg(e.message),
                    e.where);
    }
    return ScopeFileReader(*doc, file).read();
}

QByteArray writeScopeFile(const ScopeSet& set)
{
    QByteArray out = "{\n  \"format\": \"kcs-scopes/1\",\n  \"scopes\": [";
    QByteArrayList scopes;
    for (const NamedScope& scope : set.scopes) {
        QByteArray block = "    {\"name\": " + json::quoteString(scope.name);
        if (!scope.enabled)
            block += ", \"enabled\": false";
        scopes << block + ", \"objects\": " + descriptorList(scope.objects, "    ") + '}';
    }
    out += scopes.isEmpty() ? QByteArray("]") : "\n" + scopes.join(",\n") + "\n  ]";
    out += ",\n  \"global\": " + descriptorList(set.global, "  ");
    out += ",\n  \"custom_objects\": " + descriptorList(set.customObjects, "  ");
    return out + "\n}\n";
}

Result<void> saveScopeFile(const ScopeSet& set, const QString& path)
{
    return formats::writeFileAtomically(path, writeScopeFile(set));
}

Result<ScopeSet> loadScopeFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("%1: cannot read the scope file: %2").arg(path, f.errorString()));
    return parseScopeFile(f.readAll(), path);
}

} // namespace kcs::keras
