// SPDX-License-Identifier: GPL-3.0-or-later
// The load simulation's driver: the work stack, problem recording with Keras's exception
// wrapping, and the entry point of each loader path.
//
// Which Keras code is modelled (read from keras-team/keras v3.15.1 and keras-team/tf-keras
// v2.21.0):
//  - K3 model_from_json / saving_lib.load_model: serialization_lib.deserialize_keras_object
//    (spec 5), whose step 7 re-raises TypeErrors from from_config as "<class ...> could not be
//    deserialized properly ..." -- a General frame here;
//  - K3 Operation.from_config (the from_config of most layers): any exception becomes
//    "Error when deserializing class '...' using config=..." -- a LayerFromConfig frame;
//  - K3 legacy_h5_format.load_model_from_hdf5 -> legacy saving_utils.model_from_config
//    (spec 8.1) and legacy serialization.deserialize_keras_object (spec 8), which wrap nothing;
//  - tf-keras models.model_from_json / hdf5_format.load_model_from_hdf5 -> layers.deserialize
//    (module-objects mode), Sequential entries without `module` through the legacy path,
//    Functional layers through module-objects mode (an unknown class comes back as its name, and
//    calling it fails later); tf-keras's general path wraps nothing, its Layer.from_config does.
#include "core/keras/LoadSimulationWalker.h"

#include "core/keras/CatalogErrors.h"
#include "core/keras/LoadSimulationMessages.h"
#include "core/serialization/PyRepr.h"
#include "core/util/HugePages.h"

#include <algorithm>
#include <cstring>

namespace kcs::keras {

namespace {
/// Whether a key or name holds a backslash (an escape). memchr, not QByteArrayView::contains(),
/// which goes through Qt's general substring search.
bool hasBackslash(QByteArrayView s)
{
    return std::memchr(s.data(), '\\', size_t(s.size())) != nullptr;
}

/// Reprs of larger nodes are only worth building for the message Keras would actually print.
constexpr qint64 kShortReprBytes = 4096;
} // namespace

LoadWalker::LoadWalker(const json::Document& doc, const LoadOptions& options)
    : m_doc(doc),
      m_options(options),
      m_catalog(Catalog::forDialect(options.target)),
      m_custom(options.target, options.customObjects, options.includeLiveRegistry),
      m_pointers(doc)
{
    m_report.target = options.target;
}

void LoadWalker::schedule(TaskList&& fns)
{
    const int frames = int(m_frames.size());
    for (size_t i = fns.size(); i-- > 0;)
        m_tasks.push_back({frames, std::move(fns[i])});
}

void LoadWalker::scheduleOne(TaskFn fn)
{
    m_tasks.push_back({int(m_frames.size()), std::move(fn)});
}

LoadReport LoadWalker::run(json::NodeId config)
{
    using formats::FileKind;
    const FileKind kind = m_options.fileKind;
    if (config == json::kNoNode || !m_doc.isValid(config)) {
        Problem p;
        p.code = QString::fromLatin1(problem::kNotAModel);
        p.message = QStringLiteral("The file holds no model config");
        p.fatal = p.firstError = true;
        m_report.problems.push_back(p);
        m_report.firstError = 0;
        m_report.loads = false;
        return std::move(m_report);
    }
    // Room for the resolution table up front: a config has about one identifier per six nodes
    // (a Dense layer: 32 nodes, 5 identifiers). Reserved pages that are never written cost
    // nothing, while growing by doubling would copy the table and touch every page twice.
    m_report.resolutions.reserve(size_t(m_doc.nodeCount() / 4) + 16);
    util::adviseHugePages(m_report.resolutions.data(), m_report.resolutions.capacity() * sizeof(Resolution));
    m_sharingScope = kind == FileKind::KerasZip;
    m_rootConfig = config;
    startGraph();
    if (m_sharingScope)
        scanSharedIds(config);
    if (kind == FileKind::H5 || kind == FileKind::Tfjs) {
        if (m_options.target == Dialect::Keras3)
            startLegacyFile(config);
        else
            startKeras2Json(config);
        // The training config of a tfjs file (or a wrapper) lives in this document; an .h5's
        // has its own, handled by a second walker after this one (run by simulateLoad).
        if (m_options.compile && !m_options.trainingConfig && m_options.trainingConfigNode != json::kNoNode)
            m_tasks.insert(m_tasks.begin(), Task{0, [this] { trainingConfig(m_options.trainingConfigNode); }});
    } else if (kind == FileKind::KerasJson && m_options.target == Dialect::Keras2) {
        startKeras2Json(config);
    } else {
        startGeneral(config);
    }
    runTasks();
    if (!m_report.cancelled)
        collectSharedLayers();
    m_report.loads = m_report.firstError < 0;
    return std::move(m_report);
}

void LoadWalker::runTasks()
{
    std::uint32_t sinceCheck = 0;
    while (!m_tasks.empty()) {
        // A relaxed load every 1,024 steps: cheap, and a 200,000-layer walk still stops within
        // a millisecond or so of being told to.
        if (m_options.cancel && ++sinceCheck == 1024) {
            sinceCheck = 0;
            if (m_options.cancel->load(std::memory_order_relaxed)) {
                m_tasks.clear();
                m_report.cancelled = true;
                return;
            }
        }
        Task task = std::move(m_tasks.back());
        m_tasks.pop_back();
        m_frames.resize(size_t(task.frames));
        task.run();
    }
}

void LoadWalker::runTraining(json::NodeId node)
{
    scheduleOne([this, node] { trainingConfig(node); });
    runTasks();
}

void LoadWalker::startGeneral(json::NodeId root)
{
    // model_from_json / load_model(.keras): deserialize_keras_object(config) on the whole value.
    scheduleOne([this, root] { generalDeserialize(root, Expect{Category::Models, false, false}); });
}

void LoadWalker::startKeras2Json(json::NodeId root)
{
    // tf-keras: layers.deserialize(config) -- module-objects mode with the layer table.
    scheduleOne([this, root] {
        std::vector<json::NodeId> unknown;
        keras2LayerEntry(root, false, &unknown);
        for (json::NodeId n : unknown) {
            const QString cn = stringAt(n, "class_name");
            raise(n, problem::kUnknownClass, ErrorCode::TypeError, [cn](bool) {
                return QStringLiteral("'%1' is neither a built-in model or layer of tf.keras nor a "
                                      "custom object in scope, so tf.keras returns the string '%1' "
                                      "instead of a model").arg(cn);
            });
        }
    });
}

void LoadWalker::startLegacyFile(json::NodeId root)
{
    // K3 legacy_h5_format: saving_utils.model_from_config(model_config).
    scheduleOne([this, root] { legacyLayerEntry(root); });
}

// --- problems ----------------------------------------------------------------------------------

void LoadWalker::locate(Problem& p, json::NodeId node) const
{
    if (node == json::kNoNode || !m_doc.isValid(node))
        return;
    const SourceLocation where = m_doc.location(node);
    p.pointer = where.pointer;
    p.offset = where.offset;
    p.length = where.length;
    p.line = where.line;
    p.column = where.column;
}

Problem& LoadWalker::raise(json::NodeId node, const char* code, ErrorCode kind, const MessageFn& message)
{
    Problem p;
    p.severity = Severity::Error;
    p.code = QString::fromLatin1(code);
    p.pythonKind = kind;
    p.fatal = true;
    if (inShadow()) {
        // Inside code we do not have: Keras may never get here, or the class may cope.
        p.severity = Severity::Warning;
        p.fatal = false;
        p.message = message(false);
    } else if (m_report.firstError < 0) {
        p.firstError = true;
        p.message = wrapForFrames(message(true), p.pythonKind);
        m_report.firstError = int(m_report.problems.size());
    } else {
        p.message = message(false);
    }
    locate(p, node);
    m_report.problems.push_back(std::move(p));
    return m_report.problems.back();
}

Problem& LoadWalker::warn(json::NodeId node, const char* code, QString message, Severity severity)
{
    Problem p;
    p.severity = severity;
    p.code = QString::fromLatin1(code);
    p.message = std::move(message);
    locate(p, node);
    m_report.problems.push_back(std::move(p));
    return m_report.problems.back();
}

bool LoadWalker::inShadow() const
{
    for (const Frame& f : m_frames) {
        if (f.kind == Frame::Kind::Shadow)
            return true;
    }
    return false;
}

void LoadWalker::pushShadow()
{
    Frame f;
    f.kind = Frame::Kind::Shadow;
    pushFrame(std::move(f));
}

QString LoadWalker::wrapForFrames(QString message, ErrorCode& kind) const
{
    for (auto it = m_frames.rbegin(); it != m_frames.rend(); ++it) {
        if (it->kind == Frame::Kind::Shadow)
            continue;
        if (it->kind == Frame::Kind::LayerFromConfig) {
            message = deserializingClassMessage(pythonClassName(*it->entry), frameRepr(*it), message);
            kind = ErrorCode::TypeError;
        } else if (kind == ErrorCode::TypeError && m_options.target == Dialect::Keras3) {
            // Only Keras 3's deserialize_keras_object catches and re-raises (tf-keras does not).
            message = loadmsg::wrapGeneral(classRepr(*it->entry), frameRepr(*it), message);
        }
    }
    return message;
}

QString LoadWalker::frameRepr(const Frame& frame) const
{
    if (frame.publicEnvelope) {
        const BuiltinEntry& e = *frame.publicEnvelope;
        const json::NodeId inner = member(frame.node, "config");
        return QStringLiteral("{'module': %1, 'class_name': %2, 'config': %3, 'registered_name': None}")
            .arg(serialization::pyReprString(e.module),
                 serialization::pyReprString(e.className.isEmpty() ? e.name() : e.className),
                 inner == json::kNoNode ? QStringLiteral("None") : serialization::pyRepr(m_doc, inner));
    }
    if (!frame.k3LayerConfig) {
        if (frame.value)
            return serialization::pyRepr(*frame.value);
        return serialization::pyRepr(m_doc, frame.node);
    }
    // Operation.from_config prints the config it called the constructor with: a plain dtype
    // policy dict turned back into its name, and (Dense & co.) quantization_config added.
    json::Value v = frame.value ? *frame.value : m_doc.toValue(frame.node).value_or(json::Value::object());
    if (v.isObject()) {
        if (json::Value* dtype = v.find(u"dtype"); dtype && dtype->isObject()) {
            const json::Value& cfg = (*dtype)[u"config"];
            if (cfg.isObject() && cfg[u"name"].isString() && !cfg.contains(u"quantization_mode"))
                *dtype = cfg[u"name"];
        }
        if (frame.addQuantizationConfig && !v.contains(u"quantization_config"))
            v.append(QStringLiteral("quantization_config"), json::Value());
    }
    return serialization::pyRepr(v);
}

QString LoadWalker::repr(json::NodeId node, bool full) const
{
    if (node == json::kNoNode)
        return QStringLiteral("None");
    if (!full && m_doc.span(node).length() > kShortReprBytes)
        return QStringLiteral("{...}");
    return serialization::pyRepr(m_doc, node);
}

// --- resolution bookkeeping ----------------------------------------------------------------------

void LoadWalker::record(json::NodeId node, const QString& identifier, Category category, bool isFunction,
                        ResolutionSource source, const QString& sourceName, const QString& resolvedTo)
{
    // Resolutions of one name share one record. The texts come from the interned names and
    // the catalog: a table slot remembers the last record made from these very strings (it holds
    // them, so their storage cannot be another string's while it is there).
    const auto address = [](const QString& s) { return quintptr(s.constData()); };
    const size_t slot = ((address(identifier) >> 3) ^ (address(resolvedTo) >> 5) ^ (quintptr(category) << 3)
                         ^ quintptr(source)) % m_names.size();
    QExplicitlySharedDataPointer<ResolvedName>& shared = m_names[slot];
    const auto same = [&address](const QString& a, const QString& b) {
        return address(a) == address(b) && a.size() == b.size();
    };
    if (!shared || !same(shared->identifier, identifier) || shared->category != category
        || shared->isFunction != isFunction || shared->source != source || !same(shared->sourceName, sourceName)
        || !same(shared->resolvedTo, resolvedTo))
        shared = ResolvedName::make(identifier, category, isFunction, source, sourceName, resolvedTo);
    m_report.resolutions.emplace_back(node, shared);
}

void LoadWalker::recordBuiltin(json::NodeId node, const QString& identifier, const BuiltinEntry& entry)
{
    record(node, identifier, entry.category, entry.kind != EntryKind::Class, ResolutionSource::Builtin,
           entry.resolvedIn, entry.resolvedTo);
}

void LoadWalker::recordCustom(json::NodeId node, const QString& identifier, Category category,
                              const CustomObjectEntry& entry)
{
    record(node, identifier, entry.descriptor.category.value_or(category), entry.descriptor.isFunction,
           entry.source, entry.sourceName, entry.descriptor.key);
}

void LoadWalker::recordUnresolved(json::NodeId node, const QString& identifier, Category category, bool isFunction)
{
    record(node, identifier, category, isFunction, ResolutionSource::Unresolved, {}, {});
}

const Catalog& LoadWalker::otherCatalog() const
{
    return Catalog::forDialect(m_options.target == Dialect::Keras3 ? Dialect::Keras2 : Dialect::Keras3);
}

QString LoadWalker::classRepr(const BuiltinEntry& entry) const
{
    return serialization::pyReprClass(entry.pythonModule + QLatin1Char('.') + pythonClassName(entry));
}

// --- document helpers ----------------------------------------------------------------------------

const LoadWalker::Envelope& LoadWalker::envelope(json::NodeId env) const
{
    if (env == m_envelopeNode)
        return m_envelope;
    m_envelopeNode = env;
    m_envelope = Envelope{};
    if (env == json::kNoNode)
        return m_envelope;
    m_doc.memberKeys(env, m_envelopeKeys);
    for (const json::Document::MemberKey& k : m_envelopeKeys) {
        const json::NodeId c = k.member;
        const std::string_view key = k.escaped ? keyOf(c) : k.text;
        json::NodeId* slot = nullptr;
        switch (key.size()) {
        case 6: slot = key == "config" ? &m_envelope.config : key == "module" ? &m_envelope.module : nullptr; break;
        case 10: slot = key == "class_name" ? &m_envelope.className : nullptr; break;
        case 14: slot = key == "compile_config" ? &m_envelope.compileConfig : nullptr; break;
        case 15: slot = key == "registered_name" ? &m_envelope.registeredName : nullptr; break;
        case 16: slot = key == "shared_object_id" ? &m_envelope.sharedObjectId : nullptr; break;
        default: break;
        }
        if (slot)
            *slot = c;
    }
    return m_envelope;
}

json::NodeId LoadWalker::member(json::NodeId object, std::string_view key) const
{
    if (object == json::kNoNode || m_doc.kind(object) != json::Kind::Object)
        return json::kNoNode;
    return m_doc.member(object, key);
}

QString LoadWalker::stringAt(json::NodeId object, std::string_view key) const
{
    const json::NodeId n = member(object, key);
    return n != json::kNoNode ? text(n) : QString();
}

QString LoadWalker::text(json::NodeId n) const
{
    if (n == json::kNoNode || m_doc.kind(n) != json::Kind::String)
        return QString();
    // Class names, modules and function names repeat in every layer: short escape-free strings
    // are decoded once and shared (a bounded table, so unique names cannot make it grow much).
    constexpr qsizetype kShort = 64;
    constexpr size_t kMaxInterned = 4096;
    const QByteArrayView raw = m_doc.raw(n);
    const QByteArrayView inner = raw.sliced(1, raw.size() - 2);
    if (inner.size() > kShort || hasBackslash(inner))
        return m_doc.string(n);
    const std::string_view key(inner.data(), size_t(inner.size()));
    // A walk meets a handful of names over and over ("Dense", "relu", "keras.layers"): a small
    // table indexed by length and end bytes answers most of them without hashing the name.
    RecentText& recent = m_recentTexts[key.empty() ? 0
                                                   : (key.size() * 7 + uchar(key.front()) * 3 + uchar(key.back()))
                                                         % m_recentTexts.size()];
    if (recent.key == key && !recent.value.isNull())
        return recent.value;
    QString decoded;
    if (auto it = m_interned.find(key); it != m_interned.end()) {
        decoded = it->second;
    } else {
        decoded = m_doc.string(n);
        if (m_interned.size() < kMaxInterned)
            m_interned.emplace(std::string(key), decoded);
    }
    recent.key.assign(key);
    recent.value = decoded;
    return decoded;
}

bool LoadWalker::isObject(json::NodeId n) const
{
    return n != json::kNoNode && m_doc.kind(n) == json::Kind::Object;
}

bool LoadWalker::isString(json::NodeId n) const
{
    return n != json::kNoNode && m_doc.kind(n) == json::Kind::String;
}

std::string_view LoadWalker::keyOf(json::NodeId member) const
{
    const QByteArrayView raw = m_doc.rawKey(member);
    if (raw.size() < 2)
        return {};
    const QByteArrayView inner = raw.sliced(1, raw.size() - 2);
    if (!hasBackslash(inner))
        return std::string_view(inner.data(), size_t(inner.size()));
    m_decodedKey = m_doc.key(member).toUtf8();
    return std::string_view(m_decodedKey.constData(), size_t(m_decodedKey.size()));
}

const std::vector<LoadWalker::KeyedMember>& LoadWalker::keysOf(json::NodeId object) const
{
    if (object == m_keysNode)
        return m_keys;
    m_keysNode = object;
    m_keysDecoded.clear();
    if (object == json::kNoNode) {
        m_keys.clear();
        return m_keys;
    }
    m_doc.memberKeys(object, m_keys);
    for (KeyedMember& k : m_keys) {
        // An escaped key is decoded into keyOf()'s buffer: keep a copy.
        if (k.escaped)
            k.text = m_keysDecoded.emplace_back(keyOf(k.member));
    }
    return m_keys;
}

const QString& pythonClassName(const BuiltinEntry& entry)
{
    return entry.pythonName();
}

LoadReport simulateLoad(const json::Document& document, json::NodeId config, const LoadOptions& options)
{
    LoadWalker walker(document, options);
    LoadReport report = walker.run(config);
    if (report.cancelled)
        return report;
    const bool h5Like = options.fileKind == formats::FileKind::H5 || options.fileKind == formats::FileKind::Tfjs;
    if (!h5Like || !options.compile || !options.trainingConfig || options.trainingConfigNode == json::kNoNode)
        return report;
    // Keras compiles after the model is built (and its weights loaded): the training config's
    // problems come after the model's.
    LoadWalker training(*options.trainingConfig, options);
    training.runTraining(options.trainingConfigNode);
    LoadReport t = training.takeReport();
    report.cancelled = t.cancelled;
    for (Problem& p : t.problems) {
        p.document = QStringLiteral("training_config");
        if (p.firstError && report.firstError >= 0)
            p.firstError = false;
        else if (p.firstError)
            report.firstError = int(report.problems.size());
        report.problems.push_back(std::move(p));
    }
    for (Resolution& r : t.resolutions) {
        r.inTrainingConfig = true;
        report.resolutions.push_back(std::move(r));
    }
    report.loads = report.firstError < 0;
    return report;
}

} // namespace kcs::keras
