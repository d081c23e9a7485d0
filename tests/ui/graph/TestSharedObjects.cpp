// SPDX-License-Identifier: GPL-3.0-or-later
// Shared objects: the panel lists shared layers with their call sites and shared_object_id
// groups in load order; an edit of a later copy warns and can be applied to every copy as one
// undo step, which undo reverts byte for byte.
#include "GraphTestSupport.h"
#include "ui/graph/SharedEditGuard.h"
#include "ui/graph/SharedObjectsPanel.h"

#include <QPushButton>
#include <QTreeWidget>
#include <QUndoStack>

using namespace kcs;
using namespace kcs::ui::graph;

namespace {

const QString kFirst = QStringLiteral("/config/layers/2/config/layers/1/config/dtype");
const QString kSecond = QStringLiteral("/config/layers/2/config/layers/2/config/dtype");
const QString kThird = QStringLiteral("/config/layers/3/config/dtype");

QStringList childTexts(QTreeWidgetItem* item)
{
    QStringList out;
    for (int i = 0; i < item->childCount(); ++i)
        out << item->child(i)->text(0) + QStringLiteral(" | ") + item->child(i)->text(1);
    return out;
}

} // namespace

class TestSharedObjects : public QObject {
    Q_OBJECT
private:
    struct Setup {
        test::GraphFixture f;
        SharedEditGuard guard{&f.service};
        SharedObjectsPanel panel{&f.service, &guard};
    };

    QByteArray value(const Setup& s, const QString& pointer) const
    {
        const json::Document& doc = s.f.document.json();
        return doc.raw(doc.find(pointer)).toByteArray();
    }

private Q_SLOTS:
    void initTestCase() { test::isolateUiTest(); }

    void groupsAndSharedLayers()
    {
        Setup s;
        QVERIFY(s.f.load(test::graphData(QStringLiteral("nested_shared_ids.json"))));
        const auto& groups = s.f.service.current()->report.sharedObjects;
        QCOMPARE(int(groups.size()), 1);
        QCOMPARE(groups[0].id, QStringLiteral("77"));
        QCOMPARE(groups[0].pointers, (QStringList{kFirst, kSecond, kThird}));
        QTreeWidget* tree = s.panel.tree();
        QCOMPARE(tree->topLevelItemCount(), 2);
        QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Shared layers (1)"));
        QCOMPARE(childTexts(tree->topLevelItem(0)),
                 QStringList{QStringLiteral("encoder (Functional) — 2 calls | /config/layers/2")});
        QCOMPARE(childTexts(tree->topLevelItem(0)->child(0)),
                 (QStringList{QStringLiteral("call #0 on in_a[0][0] | /config/layers/2/inbound_nodes/0"),
                              QStringLiteral("call #1 on in_b[0][0] | /config/layers/2/inbound_nodes/1")}));
        QCOMPARE(tree->topLevelItem(1)->text(0), QStringLiteral("shared_object_id groups (1)"));
        QCOMPARE(childTexts(tree->topLevelItem(1)->child(0)),
                 (QStringList{QStringLiteral("copy 1 — the one the loader builds | ") + kFirst,
                              QStringLiteral("copy 2 — ignored on load | ") + kSecond,
                              QStringLiteral("copy 3 — ignored on load | ") + kThird}));
    }

    void clickSelectsAndSelectionExplains()
    {
        Setup s;
        QVERIFY(s.f.load(test::graphData(QStringLiteral("nested_shared_ids.json"))));
        QSignalSpy activated(&s.panel, &SharedObjectsPanel::nodeActivated);
        QTreeWidgetItem* third = s.panel.tree()->topLevelItem(1)->child(0)->child(2);
        Q_EMIT s.panel.tree()->itemClicked(third, 0);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<json::NodeId>(), s.f.document.json().find(kThird));
        s.panel.showNode(s.f.document.json().find(kThird + QStringLiteral("/config/name")));
        QCOMPARE(s.panel.infoText(), QStringLiteral("Copy 3 of 3 with shared_object_id 77: ignored on load; "
                                                    "the loader builds ") + kFirst);
        QCOMPARE(s.panel.tree()->currentItem(), third);
        s.panel.showNode(s.f.document.json().find(kFirst));
        QCOMPARE(s.panel.infoText(), QStringLiteral("Copy 1 of 3 with shared_object_id 77: the loader builds this one"));
    }

    void editWarns_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("warning");
        const QString text = QStringLiteral("%1/config/name is inside copy %2 of 3 with shared_object_id 77. Keras "
                                            "builds only the first copy (%3) and ignores this one, so this edit has "
                                            "no effect on the loaded model.");
        QTest::newRow("third copy") << kThird + "/config/name" << text.arg(kThird).arg(3).arg(kFirst);
        QTest::newRow("second copy") << kSecond + "/config/name" << text.arg(kSecond).arg(2).arg(kFirst);
        QTest::newRow("the copy Keras builds") << kFirst + "/config/name" << QString();
        QTest::newRow("not shared") << QStringLiteral("/config/layers/4/config/name") << QString();
    }

    void editWarns()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, warning);
        Setup s;
        QVERIFY(s.f.load(test::graphData(QStringLiteral("nested_shared_ids.json"))));
        QSignalSpy warned(&s.guard, &SharedEditGuard::laterCopyEdited);
        QVERIFY(s.f.document.replaceValueText(s.f.document.json().find(pointer), "\"float16\""));
        QCOMPARE(s.guard.hasPending(), !warning.isEmpty());
        QCOMPARE(s.guard.warning(), warning);
        QCOMPARE(warned.count(), warning.isEmpty() ? 0 : 1);
        QCOMPARE(s.panel.isBannerVisible(), !warning.isEmpty());
        s.f.document.undoStack()->undo(); // undoing the edit withdraws the offer
        QVERIFY(!s.guard.hasPending());
        QVERIFY(!s.panel.isBannerVisible());
    }

    void applyToEveryCopyIsOneUndoStep()
    {
        Setup s;
        QVERIFY(s.f.load(test::graphData(QStringLiteral("nested_shared_ids.json"))));
        const QByteArray original = s.f.document.json().text();
        QUndoStack* stack = s.f.document.undoStack();
        QVERIFY(s.f.document.replaceValueText(s.f.document.json().find(kThird + "/config/name"), "\"float16\""));
        QVERIFY(s.guard.hasPending());
        s.panel.applyButton()->click();
        QVERIFY(!s.guard.hasPending());
        QCOMPARE(s.panel.infoText(), QStringLiteral("The edit was applied to 3 copies (one undo step)"));
        for (const QString& copy : {kFirst, kSecond, kThird})
            QCOMPARE(value(s, copy + "/config/name"), QByteArray("\"float16\""));
        QCOMPARE(stack->count(), 1);
        QCOMPARE(stack->index(), 1);
        QCOMPARE(stack->text(0), QStringLiteral("Edit shared object 77 in every copy"));
        QCOMPARE(s.f.document.json().text().count("\"float16\""), 3);
        stack->undo();
        QCOMPARE(s.f.document.json().text(), original);
        stack->redo();
        QCOMPARE(s.f.document.json().text().count("\"float16\""), 3);
        QVERIFY(!s.guard.hasPending()); // the macro itself is not warned about
    }

    void applyWithoutPendingEditFails()
    {
        Setup s;
        QVERIFY(s.f.load(test::graphData(QStringLiteral("nested_shared_ids.json"))));
        const Result<int> done = s.guard.applyToAllCopies();
        QVERIFY(!done);
        QCOMPARE(done.error().message, QStringLiteral("There is no edit of a shared copy to apply"));
        const Result<int> outside = s.guard.replaceInEveryCopy(QStringLiteral("/config/layers/4"), "1");
        QVERIFY(!outside);
        QCOMPARE(outside.error().message, QStringLiteral("/config/layers/4 is not inside a shared object"));
        QCOMPARE(s.f.document.undoStack()->count(), 0);
    }
};

QTEST_MAIN(TestSharedObjects)
#include "TestSharedObjects.moc"
