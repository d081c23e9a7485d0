// SPDX-License-Identifier: GPL-3.0-or-later
// PythonSourceScanner::scanText: the statement reader over the tokenizer's logical lines.
#include "core/keras/PythonSource.h"
#include "core/keras/PythonSourceTokenizer.h"

#include <QHash>

namespace kcs::keras {

using python::LogicalLine;
using python::Token;
using TokType = Token::Type;

namespace {

/// Splits tokens [from, to) at commas outside nested brackets; returns [begin, end) pairs.
std::vector<std::pair<size_t, size_t>> splitArgs(const std::vector<Token>& t, size_t from, size_t to)
{
    std::vector<std::pair<size_t, size_t>> parts;
    int depth = 0;
    size_t start = from;
    for (size_t i = from; i < to; ++i) {
        const QByteArray& v = t[i].value;
        if (t[i].type != TokType::Op)
            continue;
        if (v == "(" || v == "[" || v == "{")
            ++depth;
        else if ((v == ")" || v == "]" || v == "}") && depth > 0)
            --depth;
        else if (v == "," && depth == 0) {
            if (i > start)
                parts.emplace_back(start, i);
            start = i + 1;
        }
    }
    if (to > start)
        parts.emplace_back(start, to);
    return parts;
}

/// The index just past the bracket closing the one at `open` (or the line's end when unbalanced).
size_t closing(const std::vector<Token>& t, size_t open)
{
    int depth = 0;
    for (size_t i = open; i < t.size(); ++i) {
        if (t[i].type != TokType::Op)
            continue;
        const QByteArray& v = t[i].value;
        if (v == "(" || v == "[" || v == "{")
            ++depth;
        else if ((v == ")" || v == "]" || v == "}") && --depth == 0)
            return i;
    }
    return t.size();
}

/// Reads one file's logical lines: keeps the import aliases, the block stack (by indentation)
/// and the decorators waiting for their class or def.
class Reader {
public:
    Reader(QByteArrayView text, QString file, QString module)
        : m_text(text), m_file(std::move(file)), m_module(std::move(module)) {}
    std::vector<PythonObject> run();

private:
    struct Block {
        int indent = 0;
        enum class Type { Class, Def } type = Type::Def;
        int object = -1;      ///< class blocks: index in m_objects (-1: not recorded)
        int getConfigOf = -1; ///< get_config bodies: the class whose keys they add
    };
    struct Registration {
        bool registered = false;
        QString package = QStringLiteral("Custom");
        QString name;
    };

    void readImport(const LogicalLine& l);
    Registration readRegistration(const std::vector<Token>& t, size_t i) const;
    Registration readDecorators() const;
    void readRegistrarAssignment(const LogicalLine& l);
    void readClass(const LogicalLine& l, size_t at);
    void readDef(const LogicalLine& l, size_t at);
    void readConfigKeys(const LogicalLine& l, int object);
    QString resolve(const QString& dotted) const;
    QString sourceText(const std::vector<Token>& t, size_t from, size_t to) const;
    std::vector<PythonParam> readParams(const std::vector<Token>& t, size_t open) const;

    QByteArrayView m_text;
    QString m_file;
    QString m_module;
    QHash<QString, QString> m_aliases; ///< local name -> dotted name it was imported as
    QHash<QString, Registration> m_registrars; ///< names bound to a register_keras_serializable(...) result
    std::vector<Block> m_blocks;
    std::vector<const LogicalLine*> m_decorators;
    std::vector<PythonObject> m_objects;
};

QString Reader::sourceText(const std::vector<Token>& t, size_t from, size_t to) const
{
    if (from >= to)
        return {};
    const QByteArrayView raw = m_text.sliced(t[from].begin, t[to - 1].end - t[from].begin);
    return QString::fromUtf8(raw).simplified();
}

QString Reader::resolve(const QString& dotted) const
{
    const qsizetype dot = dotted.indexOf(u'.');
    const QString head = dot < 0 ? dotted : dotted.left(dot);
    const auto it = m_aliases.constFind(head);
    if (it == m_aliases.constEnd())
        return dotted;
    return dot < 0 ? *it : *it + dotted.mid(dot);
}

/// Reads a dotted name starting at `i`; advances i past it.
QString dottedName(const std::vector<Token>& t, size_t& i)
{
    QString name;
    while (i < t.size() && t[i].type == TokType::Name) {
        name += QString::fromUtf8(t[i].value);
        if (i + 2 < t.size() && t[i + 1].isOp(".") && t[i + 2].type == TokType::Name) {
            name += u'.';
            i += 2;
        } else {
            ++i;
            break;
        }
    }
    return name;
}

void Reader::readImport(const LogicalLine& l)
{
    const auto& t = l.tokens;
    size_t i = 1;
    QString from;
    if (t[0].isName("from")) {
        while (i < t.size() && t[i].isOp("."))
            from += u'.', ++i;
        from += dottedName(t, i);
        if (i >= t.size() || !t[i].isName("import"))
            return;
        ++i;
    }
    size_t end = t.size();
    if (i < t.size() && t[i].isOp("(")) // from m import (a, b as c)
        end = closing(t, i++);
    for (auto [b, e] : splitArgs(t, i, end)) {
        size_t j = b;
        const QString name = dottedName(t, j);
        if (name.isEmpty())
            continue;
        const QString full = from.isEmpty() ? name : from + u'.' + name;
        if (j + 1 < e && t[j].isName("as") && t[j + 1].type == TokType::Name)
            m_aliases.insert(QString::fromUtf8(t[j + 1].value), full);
        else if (from.isEmpty())
            m_aliases.insert(name.section(u'.', 0, 0), name.section(u'.', 0, 0));
        else
            m_aliases.insert(name, full);
    }
}

/// A call or reference to register_keras_serializable starting at token i (a dotted name), or
/// an unregistered result. Reads the literal package/name arguments, positional or keyword.
Reader::Registration Reader::readRegistration(const std::vector<Token>& t, size_t i) const
{
    Registration reg;
    const QString written = dottedName(t, i);
    if (const auto alias = m_registrars.constFind(written); alias != m_registrars.constEnd())
        return *alias; // serializable = keras.saving.register_keras_serializable(...) ; @serializable
    if (resolve(written).section(u'.', -1) != u"register_keras_serializable")
        return reg;
    reg.registered = true;
    if (i >= t.size() || !t[i].isOp("("))
        return reg;
    int positional = 0;
    for (auto [b, e] : splitArgs(t, i + 1, closing(t, i))) {
        QString keyword;
        if (e - b >= 3 && t[b].type == TokType::Name && t[b + 1].isOp("=")) {
            keyword = QString::fromUtf8(t[b].value);
            b += 2;
        } else {
            keyword = positional++ == 0 ? QStringLiteral("package") : QStringLiteral("name");
        }
        if (e - b != 1 || t[b].type != TokType::String)
            continue; // not a literal: the default stays (a non-literal cannot be read statically)
        const QString value = QString::fromUtf8(t[b].value);
        if (keyword == u"package")
            reg.package = value;
        else if (keyword == u"name")
            reg.name = value;
    }
    return reg;
}

Reader::Registration Reader::readDecorators() const
{
    for (const LogicalLine* l : m_decorators) {
        if (Registration reg = readRegistration(l->tokens, 1); reg.registered)
            return reg;
    }
    return {};
}

/// Module level `NAME = <register_keras_serializable call>`: NAME becomes a decorator.
void Reader::readRegistrarAssignment(const LogicalLine& l)
{
    const auto& t = l.tokens;
    if (t.size() < 3 || t[0].type != TokType::Name || !t[1].isOp("="))
        return;
    if (Registration reg = readRegistration(t, 2); reg.registered)
        m_registrars.insert(QString::fromUtf8(t[0].value), reg);
}

std::vector<PythonParam> Reader::readParams(const std::vector<Token>& t, size_t open) const
{
    std::vector<PythonParam> params;
    bool keywordOnly = false;
    for (auto [b, e] : splitArgs(t, open + 1, closing(t, open))) {
        PythonParam p;
        if (t[b].isOp("/"))
            continue;
        if (t[b].isOp("*") || t[b].isOp("**")) {
            const bool star2 = t[b].isOp("**");
            if (b + 1 >= e || t[b + 1].type != TokType::Name) {
                keywordOnly = true; // a bare '*'
                continue;
            }
            p.kind = star2 ? PythonParam::Kind::VarKeywords : PythonParam::Kind::VarArgs;
            keywordOnly = keywordOnly || !star2;
            ++b;
        } else {
            p.kind = keywordOnly ? PythonParam::Kind::KeywordOnly : PythonParam::Kind::Normal;
        }
        if (t[b].type != TokType::Name)
            continue;
        p.name = QString::fromUtf8(t[b].value);
        for (size_t i = b + 1; i < e; ++i) {
            if (t[i].isOp("=")) { // annotations cannot contain a bare '=' at this level
                p.defaultText = sourceText(t, i + 1, e);
                break;
            }
        }
        params.push_back(std::move(p));
    }
    return params;
}


/// The category a function's name suggests; functions are otherwise ambiguous.
std::optional<Category> categoryForFunctionName(const QString& name)
{
    const QString n = name.toLower();
    if (n.contains(u"loss"))
        return Category::Losses;
    if (n.contains(u"metric") || n.contains(u"accuracy") || n.endsWith(u"_acc"))
        return Category::Metrics;
    if (n.contains(u"activation"))
        return Category::Activations;
    if (n.contains(u"initializer"))
        return Category::Initializers;
    if (n.contains(u"regularizer"))
        return Category::Regularizers;
    if (n.contains(u"constraint"))
        return Category::Constraints;
    return std::nullopt;
}

void Reader::readClass(const LogicalLine& l, size_t at)
{
    const auto& t = l.tokens;
    if (at + 1 >= t.size() || t[at + 1].type != TokType::Name)
        return;
    PythonObject o;
    o.kind = PythonObject::Kind::Class;
    o.name = QString::fromUtf8(t[at + 1].value);
    o.file = m_file;
    o.line = t[at].line;
    o.module = m_module;
    if (at + 2 < t.size() && t[at + 2].isOp("(")) {
        for (auto [b, e] : splitArgs(t, at + 3, closing(t, at + 2))) {
            if (e - b >= 2 && t[b + 1].isOp("="))
                continue; // metaclass=..., keyword arguments are not bases
            const QString base = sourceText(t, b, e);
            o.bases.append(base);
            if (!o.category)
                o.category = categoryForBase(resolve(base));
        }
    }
    const Registration reg = readDecorators();
    o.registered = reg.registered;
    o.package = reg.package;
    o.registeredName = reg.name.isEmpty() ? o.name : reg.name;
    m_objects.push_back(std::move(o));
    m_blocks.push_back({l.indent, Block::Type::Class, int(m_objects.size()) - 1, -1});
}

void Reader::readDef(const LogicalLine& l, size_t at)
{
    const auto& t = l.tokens;
    if (at + 2 >= t.size() || t[at + 1].type != TokType::Name || !t[at + 2].isOp("(")) {
        m_blocks.push_back({l.indent, Block::Type::Def, -1, -1});
        return;
    }
    const QString name = QString::fromUtf8(t[at + 1].value);
    const Block* owner = !m_blocks.empty() && m_blocks.back().type == Block::Type::Class ? &m_blocks.back() : nullptr;
    Block block{l.indent, Block::Type::Def, -1, -1};
    if (owner && owner->object >= 0) {
        PythonObject& cls = m_objects[size_t(owner->object)];
        if (name == u"__init__") {
            cls.params = readParams(t, at + 2);
            cls.hasInit = true;
            if (!cls.params.empty() && cls.params.front().kind == PythonParam::Kind::Normal)
                cls.params.erase(cls.params.begin()); // self
        } else if (name == u"get_config") {
            block.getConfigOf = owner->object;
            readConfigKeys(l, owner->object); // `def get_config(self): return {...}` on one line
        }
    } else {
        const Registration reg = readDecorators();
        if (reg.registered) {
            PythonObject o;
            o.kind = PythonObject::Kind::Function;
            o.name = name;
            o.registered = true;
            o.package = reg.package;
            o.registeredName = reg.name.isEmpty() ? name : reg.name;
            o.params = readParams(t, at + 2);
            o.category = categoryForFunctionName(name);
            if (!o.category)
                o.category = categoryForFunctionName(o.registeredName);
            o.file = m_file;
            o.line = t[at].line;
            o.module = m_module;
            m_objects.push_back(std::move(o));
        }
    }
    m_blocks.push_back(block);
}

/// Keys a get_config statement adds: string keys of top-level dict literals, `x["k"] = ...`
/// and the keywords of `.update(k=...)` / `dict(k=...)`.
void Reader::readConfigKeys(const LogicalLine& l, int object)
{
    QStringList& keys = m_objects[size_t(object)].configKeys;
    auto add = [&](const QByteArray& k) {
        const QString key = QString::fromUtf8(k);
        if (!keys.contains(key))
            keys.append(key);
    };
    const auto& t = l.tokens;
    std::vector<char> brackets;   // open brackets, innermost last
    std::vector<bool> keywordCall; // per open bracket: a dict(...)/update(...) call
    int dictDepth = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        const Token& k = t[i];
        const bool afterOpenOrComma = i > 0 && (t[i - 1].isOp("{") || t[i - 1].isOp(","));
        const bool nextIs = [&] { return i + 1 < t.size() && (t[i + 1].isOp(":")); }();
        if (k.type == TokType::String && afterOpenOrComma && nextIs && !brackets.empty() && brackets.back() == '{'
            && dictDepth == 1)
            add(k.value);
        if (k.type == TokType::Name && afterOpenOrComma && i + 1 < t.size() && t[i + 1].isOp("=")
            && !keywordCall.empty() && keywordCall.back() && brackets.back() == '(')
            add(k.value);
        if (k.type == TokType::String && i >= 1 && i + 2 < t.size() && t[i - 1].isOp("[") && t[i + 1].isOp("]")
            && t[i + 2].isOp("="))
            add(k.value);
        if (k.type != TokType::Op)
            continue;
        if (k.value == "(" || k.value == "[" || k.value == "{") {
            brackets.push_back(k.value[0]);
            keywordCall.push_back(k.value == "(" && i > 0 && (t[i - 1].isName("update") || t[i - 1].isName("dict")));
            if (k.value == "{")
                ++dictDepth;
        } else if ((k.value == ")" || k.value == "]" || k.value == "}") && !brackets.empty()) {
            if (brackets.back() == '{')
                --dictDepth;
            brackets.pop_back();
            keywordCall.pop_back();
        }
    }
}

std::vector<PythonObject> Reader::run()
{
    const std::vector<LogicalLine> lines = python::tokenize(m_text);
    for (const LogicalLine& l : lines) {
        const auto& t = l.tokens;
        while (!m_blocks.empty() && m_blocks.back().indent >= l.indent)
            m_blocks.pop_back();
        if (t.front().isOp("@")) {
            m_decorators.push_back(&l);
            continue;
        }
        const size_t at = t.front().isName("async") && t.size() > 1 ? 1 : 0;
        if (t[at].isName("class")) {
            readClass(l, at);
        } else if (t[at].isName("def")) {
            readDef(l, at);
        } else {
            if (t[0].isName("import") || t[0].isName("from"))
                readImport(l);
            else if (m_blocks.empty())
                readRegistrarAssignment(l);
            for (const Block& b : m_blocks) {
                if (b.getConfigOf >= 0)
                    readConfigKeys(l, b.getConfigOf);
            }
        }
        m_decorators.clear();
    }
    return std::move(m_objects);
}

} // namespace

std::vector<PythonObject> PythonSourceScanner::scanText(QByteArrayView text, const QString& fileName,
                                                        const QString& module)
{
    auto objects = Reader(text, fileName, module).run();
    python::inheritCategories(objects);
    return objects;
}

} // namespace kcs::keras
