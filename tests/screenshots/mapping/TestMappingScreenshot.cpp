// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/ScreenshotSupport.h"
#include "support/TestSupport.h"
#include "ui/ConfigDocument.h"
#include "ui/Dialogs.h"
#include "ui/MainWindow.h"
#include "ui/ModelSource.h"
#include "ui/mapping/MappingDialog.h"
#include "ui/scopes/ScopeStore.h"

#include <QAction>
#include <QDir>
#include <QImage>
#include <QTableWidget>
#include <QTest>

using namespace kcs;
using namespace kcs::ui;

/// A PNG of the Map Unknown Classes dialog on a real X server (Xvfb): the Keras 3 mapping
/// fixture with its scope file, two names mapped, the parameter differences shown. Fusion
/// style, fixed fonts and size. Written to $KCS_SCREENSHOT_DIR/mapping_dialog.png.
class TestMappingScreenshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::prepareScreenshots(); }

    void mappingDialog()
    {
        MainWindow window;
        auto loaded = ModelSource::load(test::dataPath(QStringLiteral("mapping/k3_model.json")));
        QVERIFY(loaded);
        window.document()->setFile(std::move(*loaded));
        scopes::ScopeStore* store = window.scopeStore();
        QVERIFY(store);
        QVERIFY(store->loadFile(test::dataPath(QStringLiteral("mapping/scopes.json"))));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto* map = window.findChild<QAction*>(QStringLiteral("mapUnknownClassesAction"));
        QVERIFY(map);
        map->trigger();
        auto* dialog = window.findChild<MappingDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->resize(960, 520);
        dialog->setTarget(dialog->rowOf(QStringLiteral("Custom>OldDense")), QStringLiteral("Dense"));
        dialog->setTarget(dialog->rowOf(QStringLiteral("Scaler")), QStringLiteral("my_pkg>Scaler"));
        dialog->setTarget(dialog->rowOf(QStringLiteral("Custom>old_acc")), QStringLiteral("my_pkg>top_acc"));
        dialog->findChild<QTableWidget*>(QStringLiteral("unresolvedTable"))->selectRow(0);
        QTest::qWait(200);
        const QImage image = dialog->grab().toImage();
        QCOMPARE(image.size(), QSize(960, 520) * dialog->devicePixelRatio());
        const QString file = QDir(test::screenshotDir()).filePath(QStringLiteral("mapping_dialog.png"));
        QVERIFY(image.save(file));
        qInfo("screenshot: %s", qPrintable(file));
        dialog->reject();
        Dialogs::setNextAnswer(QMessageBox::Discard);
    }
};

QTEST_MAIN(TestMappingScreenshot)
#include "TestMappingScreenshot.moc"
