// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/PythonSource.h"
#include "core/keras/PythonSourceTokenizer.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

namespace kcs::keras {

QString PythonObject::key() const
{
    return registered ? package + u'>' + registeredName : name;
}

std::optional<QStringList> PythonObject::acceptedKeys() const
{
    if (kind == Kind::Class && !hasInit)
        return std::nullopt;
    QStringList keys;
    for (const PythonParam& p : params) {
        if (p.kind == PythonParam::Kind::Normal || p.kind == PythonParam::Kind::KeywordOnly)
            keys.append(p.name);
    }
    return keys;
}

bool PythonObject::hasVarKeywords() const
{
    return std::any_of(params.begin(), params.end(),
                       [](const PythonParam& p) { return p.kind == PythonParam::Kind::VarKeywords; });
}

ObjectDescriptor PythonObject::toDescriptor() const
{
    ObjectDescriptor d;
    d.key = key();
    d.isFunction = kind == Kind::Function;
    d.category = category;
    if (!d.isFunction) {
        d.params = acceptedKeys();
        d.acceptsExtraKwargs = d.params && hasVarKeywords();
    }
    return d;
}

saving::SymbolRef PythonObject::toSymbol() const
{
    const QString mod = module.isEmpty() ? QStringLiteral("__main__") : module;
    const QString cat = category ? categoryName(*category) : QString();
    const QString pkg = registered ? package : QString();
    if (kind == Kind::Function)
        return saving::symbols::descriptorFunction(name, mod, cat, pkg);
    std::vector<saving::ParamSpec> specs;
    for (const PythonParam& p : params) {
        if (p.kind == PythonParam::Kind::Normal || p.kind == PythonParam::Kind::KeywordOnly)
            specs.push_back({p.name, !p.defaultText.has_value(), {}});
    }
    return saving::symbols::descriptorClass(name, mod, cat, pkg, std::move(specs));
}

std::optional<Category> categoryForBase(QStringView baseExpression)
{
    const QStringView last = baseExpression.mid(baseExpression.lastIndexOf(u'.') + 1).trimmed();
    static const QHash<QString, Category> kRoots = {
        {QStringLiteral("Layer"), Category::Layers},
        {QStringLiteral("Model"), Category::Models},
        {QStringLiteral("Sequential"), Category::Models},
        {QStringLiteral("Functional"), Category::Models},
        {QStringLiteral("Loss"), Category::Losses},
        {QStringLiteral("LossFunctionWrapper"), Category::Losses},
        {QStringLiteral("Metric"), Category::Metrics},
        {QStringLiteral("MeanMetricWrapper"), Category::Metrics},
        {QStringLiteral("Initializer"), Category::Initializers},
        {QStringLiteral("Regularizer"), Category::Regularizers},
        {QStringLiteral("Constraint"), Category::Constraints},
        {QStringLiteral("LearningRateSchedule"), Category::LearningRateSchedules},
        {QStringLiteral("Optimizer"), Category::Optimizers},
    };
    if (const auto it = kRoots.constFind(last.toString()); it != kRoots.constEnd())
        return *it;
    // A subclass of a built-in (class MyDense(keras.layers.Dense)) shares its family.
    static constexpr Category kFamilies[] = {Category::Layers, Category::Losses, Category::Metrics,
                                             Category::Optimizers, Category::Initializers,
                                             Category::Regularizers, Category::Constraints,
                                             Category::LearningRateSchedules};
    const Catalog& catalog = Catalog::forDialect(Dialect::Keras3);
    for (Category c : kFamilies) {
        if (const BuiltinEntry* e = catalog.lookup(c, last); e && e->kind == EntryKind::Class && e->className == last)
            return c;
    }
    return std::nullopt;
}

/// Classes deriving from other scanned classes take their category (class B(A), A(Layer)).
void python::inheritCategories(std::vector<PythonObject>& objects)
{
    QHash<QString, qsizetype> byName;
    for (qsizetype i = 0; i < qsizetype(objects.size()); ++i)
        byName.insert(objects[size_t(i)].name, i);
    // Each pass settles one more level of the hierarchy; a chain is at most objects.size() long.
    for (size_t pass = 0; pass < objects.size(); ++pass) {
        bool changed = false;
        for (PythonObject& o : objects) {
            if (o.category || o.kind != PythonObject::Kind::Class)
                continue;
            for (const QString& base : o.bases) {
                const auto it = byName.constFind(base.section(u'.', -1));
                if (it != byName.constEnd() && objects[size_t(*it)].category) {
                    o.category = objects[size_t(*it)].category;
                    changed = true;
                    break;
                }
            }
        }
        if (!changed)
            break;
    }
}

namespace {

QString moduleFor(const QString& path, const QString& root)
{
    QString rel = root.isEmpty() ? QFileInfo(path).fileName() : QDir(root).relativeFilePath(path);
    rel.chop(3); // ".py"
    rel.replace(u'/', u'.');
    if (rel.endsWith(u"__init__"))
        rel.chop(rel.endsWith(u".__init__") ? 9 : 8);
    return rel;
}

void scanFile(const QString& path, const QString& root, PythonScan& scan)
{
    QFile f(path);
    if (f.size() > PythonSourceScanner::kMaxFileBytes) {
        scan.warnings.append(QStringLiteral("%1: skipped: larger than %2 bytes").arg(path).arg(PythonSourceScanner::kMaxFileBytes));
        return;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        scan.warnings.append(QStringLiteral("%1: cannot read: %2").arg(path, f.errorString()));
        return;
    }
    const QByteArray text = f.read(PythonSourceScanner::kMaxFileBytes);
    auto found = PythonSourceScanner::scanText(text, path, moduleFor(path, root));
    std::move(found.begin(), found.end(), std::back_inserter(scan.objects));
}

} // namespace

PythonScan PythonSourceScanner::scanPaths(const QStringList& paths)
{
    PythonScan scan;
    int files = 0;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        QStringList list;
        QString root;
        if (info.isDir()) {
            root = info.absoluteFilePath();
            QDirIterator it(path, {QStringLiteral("*.py")}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                list.append(it.next());
            list.sort();
        } else if (info.isFile()) {
            list.append(path);
        } else {
            scan.warnings.append(QStringLiteral("%1: no such file or folder").arg(path));
        }
        for (const QString& file : list) {
            if (++files > kMaxFiles) {
                scan.warnings.append(QStringLiteral("%1: skipped: more than %2 files").arg(file).arg(kMaxFiles));
                continue;
            }
            scanFile(file, root, scan);
        }
    }
    python::inheritCategories(scan.objects);
    return scan;
}

std::vector<ObjectDescriptor> PythonScan::descriptors(const QStringList& referencedNames) const
{
    std::vector<ObjectDescriptor> out;
    for (const PythonObject& o : objects) {
        const bool offered = o.registered || (o.kind == PythonObject::Kind::Class && referencedNames.contains(o.name));
        if (offered)
            out.push_back(o.toDescriptor());
    }
    return out;
}

} // namespace kcs::keras
