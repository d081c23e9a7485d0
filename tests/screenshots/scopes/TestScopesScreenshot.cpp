// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/ScreenshotSupport.h"
#include "support/TestSupport.h"
#include "ui/FileController.h"
#include "ui/MainWindow.h"
#include "ui/StatusPanel.h"
#include "ui/scopes/ScopeStore.h"
#include "ui/scopes/ScopesPanel.h"

#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QLineEdit>
#include <QTest>
#include <QTreeWidget>

using namespace kcs;
using namespace kcs::ui;
using namespace kcs::ui::scopes;

/// The Scopes dock of the real window on a real X server (Xvfb), floated to a fixed size: the
/// bundled example with its scope file, plus an outer scope that Keras 3 hides (greyed, with the
/// reason), a globally registered function and a custom_objects alias. Fusion style and a fixed
/// font, like the other screenshots. Written to $KCS_SCREENSHOT_DIR/scopes_panel.png.
class TestScopesScreenshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        test::prepareScreenshots();
    }

    void scopesPanel()
    {
        MainWindow window;
        window.files()->openExample();
        ScopeStore* store = window.scopeStore();
        QVERIFY(store);
        keras::ObjectDescriptor old;
        old.key = QStringLiteral("ExampleProject>ScaledResidual");
        old.category = keras::Category::Layers;
        store->addScope(QStringLiteral("notebook"), 0); // outermost: Keras 3 does not see it
        store->addEntry(ScopeTarget::inScope(0), old);
        keras::ObjectDescriptor swish;
        swish.isFunction = true;
        swish.category = keras::Category::Activations;
        store->registerGlobally(QStringLiteral("ExampleProject"), QStringLiteral("swish_beta"), swish);
        keras::ObjectDescriptor alias = old;
        alias.key = QStringLiteral("ScaledResidualV1");
        alias.aliasOf = QStringLiteral("ExampleProject>ScaledResidual");
        alias.params = QStringList{QStringLiteral("scale"), QStringLiteral("epsilon")};
        store->addEntry(ScopeTarget::customObjects(), alias);

        window.resize(1280, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The first check verdict (the example's Lambda makes Keras 3 refuse it in safe mode).
        QTRY_VERIFY_WITH_TIMEOUT(window.statusPanel()->verdictText().contains(QLatin1String("loads"))
                                     || window.statusPanel()->verdictText().contains(QLatin1String("refuses")),
                                 20000);
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("scopesDock"));
        QVERIFY(dock);
        dock->setFloating(true);
        dock->resize(1220, 430);
        dock->show();
        QVERIFY(QTest::qWaitForWindowExposed(dock));
        auto* panel = window.findChild<ScopesPanel*>(QStringLiteral("scopesPanel"));
        panel->tree()->setColumnWidth(ScopesPanel::KindColumn, 300); // room for the alias
        panel->tree()->setColumnWidth(ScopesPanel::ParamsColumn, 130);
        // The built-ins, searched.
        panel->findChild<QLineEdit*>(QStringLiteral("builtinFilter"))->setText(QStringLiteral("Normalization"));
        panel->tree()->setCurrentItem(panel->entryItem(ScopeTarget::inScope(1), 0));
        QTest::qWait(200);
        const QImage image = dock->grab().toImage();
        QVERIFY(!image.isNull());
        const QString file = QDir(test::screenshotDir()).filePath(QStringLiteral("scopes_panel.png"));
        QVERIFY(image.save(file));
        qInfo("screenshot: %s", qPrintable(file));
    }
};

QTEST_MAIN(TestScopesScreenshot)
#include "TestScopesScreenshot.moc"
