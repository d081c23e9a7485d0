// SPDX-License-Identifier: GPL-3.0-or-later
// Mapping on the real files of ../shared/corpus (skipped where the corpus is absent; the
// fixtures in tests/data/mapping cover the same behaviour).
#include "core/formats/ModelFile.h"
#include "core/keras/ClassMapping.h"
#include "support/TestSupport.h"

using namespace kcs;
using namespace kcs::keras;

namespace {

/// The class_name of the first layer-like envelope below the root (not a function envelope).
QString firstNestedClass(const json::Document& doc)
{
    std::vector<json::NodeId> stack;
    for (int i = doc.childCount(doc.root()) - 1; i >= 0; --i)
        stack.push_back(doc.child(doc.root(), i));
    while (!stack.empty()) {
        const json::NodeId n = stack.back();
        stack.pop_back();
        if (doc.kind(n) == json::Kind::Object) {
            const json::NodeId cn = doc.member(n, "class_name");
            if (cn != json::kNoNode && doc.member(n, "config") != json::kNoNode && doc.kind(cn) == json::Kind::String
                && !doc.stringEquals(cn, "function") && !doc.stringEquals(cn, "Sequential")
                && !doc.stringEquals(cn, "Functional") && !doc.stringEquals(cn, "Model"))
                return doc.string(cn);
        }
        for (int i = doc.childCount(n) - 1; i >= 0; --i)
            stack.push_back(doc.child(n, i));
    }
    return {};
}

} // namespace

/// Every corpus model: its first layer class mapped to a registered key, every occurrence
/// rewritten as the dialect requires, one undo restoring the file byte for byte.
class TestClassMappingCorpus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mapFirstLayerClass_data()
    {
        QTest::addColumn<QString>("path");
        const QString dir = test::corpusDir();
        if (dir.isEmpty())
            return;
        const QStringList patterns{QStringLiteral("*.json"), QStringLiteral("*.keras"), QStringLiteral("*.h5"),
                                   QStringLiteral("*.hdf5")};
        for (const QString& name : test::corpusFiles(dir, patterns)) {
            if (name != u"MANIFEST.tsv")
                QTest::newRow(qPrintable(name)) << dir + u'/' + name;
        }
    }
    void mapFirstLayerClass()
    {
        KCS_REQUIRE_CORPUS(dir);
        QFETCH(QString, path);
        auto file = formats::ModelFile::open(path);
        if (!file)
            QSKIP(qPrintable(QStringLiteral("not a model file here: ") + file.error().message));
        json::Document& doc = file->config();
        const QString cls = firstNestedClass(doc);
        if (cls.isEmpty())
            QSKIP("no nested class envelope");
        const QByteArray original = doc.text();
        const size_t count = findMappingOccurrences(doc, cls).size();
        QVERIFY(count > 0);
        auto edit = applyMappings(doc, file->dialect(), {{cls, QStringLiteral("corpus_pkg>Renamed")}});
        QVERIFY2(edit, edit ? "" : qPrintable(edit.error().message));
        // Every occurrence now names the key (Keras 3 through registered_name, Keras 2 in class_name).
        QCOMPARE(findMappingOccurrences(doc, u"corpus_pkg>Renamed").size(), count);
        QVERIFY(findMappingOccurrences(doc, cls).empty());
        QVERIFY(json::Document::parse(doc.text()).has_value());
        QVERIFY(doc.revert(*edit));
        QCOMPARE(doc.text(), original);
    }
};

QTEST_APPLESS_MAIN(TestClassMappingCorpus)
#include "TestClassMappingCorpus.moc"
