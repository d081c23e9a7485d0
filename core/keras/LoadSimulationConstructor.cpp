// SPDX-License-Identifier: GPL-3.0-or-later
// The constructor's check of a built-in class: the config's keys against the parameters its
// __init__ takes (the catalog), with Keras's error texts, and the key signatures that let a long
// model's thousands of same-keyed layers skip it.
#include "core/keras/LoadSimulationWalker.h"

#include "core/serialization/PyRepr.h"

#include <cstring>

namespace kcs::keras {
namespace {

/// The first and last `sizeof(Word)` bytes of p and q are the same (n >= sizeof(Word)).
template <typename Word>
bool sameEnds(const char* p, const char* q, size_t n)
{
    Word p0, p1, q0, q1;
    std::memcpy(&p0, p, sizeof(Word));
    std::memcpy(&p1, p + n - sizeof(Word), sizeof(Word));
    std::memcpy(&q0, q, sizeof(Word));
    std::memcpy(&q1, q + n - sizeof(Word), sizeof(Word));
    return ((p0 ^ q0) | (p1 ^ q1)) == 0;
}

/// a == b for the short keys of a config: two overlapping loads per side instead of a call.
bool sameBytes(std::string_view a, std::string_view b)
{
    const size_t n = a.size();
    if (n != b.size())
        return false;
    if (n >= 8 && n <= 16)
        return sameEnds<quint64>(a.data(), b.data(), n);
    if (n >= 4 && n < 8)
        return sameEnds<quint32>(a.data(), b.data(), n);
    return std::memcmp(a.data(), b.data(), n) == 0;
}

QString codeForMessage(const QString& message)
{
    if (message.contains(u"Unrecognized keyword") || message.contains(u"unexpected keyword")
        || message.contains(u"not understood") || message.contains(u"not recognized"))
        return QString::fromLatin1(problem::kUnrecognizedKwargs);
    if (message.contains(u"missing") && message.contains(u"required"))
        return QString::fromLatin1(problem::kMissingRequired);
    return QString::fromLatin1(problem::kConstructorError);
}

} // namespace

bool LoadWalker::keySignature(json::NodeId inner, const BuiltinEntry& entry)
{
    // The constructor's verdict depends on the class, the config's keys and (Keras 3's
    // Layer.__init__) on `trainable` being a bool; a config whose trainable is anything else
    // gets no signature and is always checked in full.
    // (The last "trainable" counts, as the last of duplicate keys does when Python reads them.)
    // Each key is written with its length, so no key's bytes can look like a separator.
    json::NodeId trainable = json::kNoNode;
    const BuiltinEntry* const address = &entry;
    m_keyScratch.clear(); // keeps the capacity
    m_keyScratch.append(reinterpret_cast<const char*>(&address), sizeof address);
    for (const KeyedMember& m : keysOf(inner)) {
        if (m.text == "trainable")
            trainable = m.member;
        const auto length = quint32(m.text.size());
        m_keyScratch.append(reinterpret_cast<const char*>(&length), sizeof length).append(m.text);
    }
    return trainable == json::kNoNode || m_doc.kind(trainable) == json::Kind::Bool;
}

void LoadWalker::AcceptedKeys::assign(const std::string& s)
{
    signature = s;
    keys.clear();
    trainable = -1;
    nestedKnown = false;
    nested.clear();
    // keySignature()'s layout: the class's address, then each key after its length.
    for (size_t pos = sizeof(const BuiltinEntry*); pos + sizeof(quint32) <= signature.size();) {
        quint32 length = 0;
        std::memcpy(&length, signature.data() + pos, sizeof length);
        pos += sizeof length;
        keys.push_back(std::string_view(signature).substr(pos, length));
        if (keys.back() == "trainable")
            trainable = int(keys.size()) - 1;
        pos += length;
    }
}

bool LoadWalker::sameKeysAsLastAccepted(json::NodeId inner, const BuiltinEntry& entry) const
{
    const auto it = m_lastAccepted.find(&entry);
    if (it == m_lastAccepted.end())
        return false;
    const AcceptedKeys& accepted = it->second;
    const std::vector<KeyedMember>& keys = keysOf(inner);
    if (keys.size() != accepted.keys.size())
        return false;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (!sameBytes(keys[i].text, accepted.keys[i]))
            return false;
    }
    // Keras 3's Layer.__init__ also looks at the value of `trainable`.
    return accepted.trainable < 0 || m_doc.kind(keys[size_t(accepted.trainable)].member) == json::Kind::Bool;
}

void LoadWalker::checkConstructor(json::NodeId env, json::NodeId inner, const BuiltinEntry& entry,
                                  const std::shared_ptr<const json::Value>& converted)
{
    // Thousands of layers of one class usually share their keys: a key set the constructor
    // accepted once is accepted again, without materialising the config.
    if (!converted && isObject(inner) && sameKeysAsLastAccepted(inner, entry)) {
        m_keysMatchedNode = inner;
        m_keysMatchedEntry = &entry;
        return;
    }
    const bool hasSignature = !converted && isObject(inner) && keySignature(inner, entry);
    if (hasSignature && m_acceptedKeySets.contains(m_keyScratch)) {
        m_lastAccepted[&entry].assign(m_keyScratch);
        m_keysMatchedNode = inner;
        m_keysMatchedEntry = &entry;
        return;
    }
    json::Value config = json::Value::object();
    if (converted) {
        config = *converted;
    } else if (isObject(inner)) {
        Result<json::Value> v = m_doc.toValue(inner);
        if (!v)
            return; // deeper than a Python value can be here; nothing to check against
        config = std::move(*v);
    } else if (inner != json::kNoNode && !m_doc.isNull(inner)) {
        return; // a list config (ancient Sequential) or a malformed one: reported elsewhere
    }
    if (m_options.target == Dialect::Keras2 && pythonClassName(entry) == u"Lambda" && config.isObject()) {
        // tf-keras Lambda.from_config pops these in a helper the catalog cannot see into.
        for (const char16_t* k : {u"function_type", u"module", u"output_shape_type", u"output_shape_module", u"mask_type", u"mask_module"})
            config.remove(QStringView(k));
    }
    if (m_options.target == Dialect::Keras2 && entry.category == Category::Initializers && config.isObject())
        config.remove(u"dtype"); // tf-keras Initializer.from_config drops it (TF 2.0-2.4 wrote it)
    const std::optional<Error> error = m_catalog.constructorError(entry, config, &serialization::pyRepr);
    if (!error) {
        if (hasSignature) {
            m_acceptedKeySets.insert(m_keyScratch);
            m_lastAccepted[&entry].assign(m_keyScratch);
            m_keysMatchedNode = inner;
            m_keysMatchedEntry = &entry;
        }
        return;
    }
    const KeyCheck keys = m_catalog.checkConfig(entry, config);
    const QString code = codeForMessage(error->message);
    json::NodeId at = inner != json::kNoNode ? inner : env;
    if (code == QLatin1String(problem::kUnrecognizedKwargs) && !keys.unknown.isEmpty())
        if (const json::NodeId k = member(inner, keys.unknown.first().toStdString()); k != json::kNoNode)
            at = k;
    Problem& p = raise(at, code.toLatin1().constData(), error->code, [msg = error->message](bool) { return msg; });
    addKeyFixIts(p, inner, entry, keys.unknown);
}

void LoadWalker::addKeyFixIts(Problem& p, json::NodeId inner, const BuiltinEntry& entry, const QStringList& unknown)
{
    const bool k3 = m_options.target == Dialect::Keras3;
    const bool input = pythonClassName(entry) == u"InputLayer";
    for (const QString& key : unknown) {
        const json::NodeId k = member(inner, key.toStdString());
        if (k == json::kNoNode)
            continue; // added by the legacy converter, not in the file
        const QString ptr = pointerOf(k);
        // The shape keys differ between the dialects (spec 7.1): offer the rename first.
        if (k3 && input && key == u"batch_input_shape" && member(inner, "batch_shape") == json::kNoNode)
            p.fixIts.push_back({QStringLiteral("Rename 'batch_input_shape' to 'batch_shape'"),
                                {{FixEdit::Op::RenameKey, ptr, {}, QStringLiteral("batch_shape")}}});
        if (!k3 && input && key == u"batch_shape" && member(inner, "batch_input_shape") == json::kNoNode)
            p.fixIts.push_back({QStringLiteral("Rename 'batch_shape' to 'batch_input_shape'"),
                                {{FixEdit::Op::RenameKey, ptr, {}, QStringLiteral("batch_input_shape")}}});
        p.fixIts.push_back({QStringLiteral("Remove '%1' (%2 does not accept it)").arg(key, pythonClassName(entry)),
                            {{FixEdit::Op::Remove, ptr, {}, {}}}});
    }
}

} // namespace kcs::keras
