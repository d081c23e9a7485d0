// SPDX-License-Identifier: GPL-3.0-or-later
#include "../../ui/graph/GraphTestSupport.h"
#include "ui/ConfigTreeModel.h"
#include "ui/graph/GraphDock.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QStyleFactory>

using namespace kcs;
using namespace kcs::ui;
using namespace kcs::ui::graph;

/// PNGs of the Graph dock on a real X server (Xvfb): a model with a shared layer (selected, so
/// its call sites are highlighted) and a nested model expanded in place. Fusion style and a
/// fixed font keep them comparable; written to $KCS_SCREENSHOT_DIR.
class TestGraphScreenshots : public QObject {
    Q_OBJECT
private:
    QString m_outDir;

    /// Pixels close to colour (antialiasing blends edges; the drawing's marks use colours
    /// nothing else in the dock does).
    static int pixelsOf(const QImage& image, QRgb colour)
    {
        const auto near = [colour](QRgb p) {
            return std::abs(qRed(p) - qRed(colour)) < 20 && std::abs(qGreen(p) - qGreen(colour)) < 20
                && std::abs(qBlue(p) - qBlue(colour)) < 20;
        };
        int count = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                count += near(image.pixel(x, y)) ? 1 : 0;
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateUiTest();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSize(9);
        QApplication::setFont(font);
        const QString dir = qEnvironmentVariable("KCS_SCREENSHOT_DIR");
        m_outDir = dir.isEmpty() ? QStringLiteral(KCS_BINARY_DIR "/screenshots") : dir;
        QVERIFY(QDir().mkpath(m_outDir));
    }

    void graph_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("expand");
        QTest::addColumn<QString>("select");
        QTest::addColumn<QRgb>("mark");
        // The shared layer's dotted purple frame and badge; the expanded model's blue frame.
        QTest::newRow("graph_shared_layer") << "shared_layer.json" << false << "/config/layers/2" << qRgb(0x6a, 0x1b, 0x9a);
        QTest::newRow("graph_nested_expanded") << "nested_shared_ids.json" << true << "/config/layers/3"
                                               << qRgb(0x1e, 0x6f, 0xc8);
    }

    void graph()
    {
        QFETCH(QString, file);
        QFETCH(bool, expand);
        QFETCH(QString, select);
        QFETCH(QRgb, mark);
        test::GraphFixture f;
        ConfigTreeModel model(&f.document);
        GraphDock dock(&model, &f.service);
        dock.resize(900, 760);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy laidOut(&dock, &GraphDock::layoutFinished);
        QVERIFY(f.load(test::graphData(file)));
        QVERIFY(laidOut.count() > 0 || laidOut.wait(60000));
        if (expand) {
            dock.expandAllModels();
            QVERIFY(laidOut.wait(60000));
            QCOMPARE(int(dock.view()->visible().clusters.size()), 1);
        }
        dock.view()->fitAll();
        dock.showNode(f.document.json().find(select));
        QVERIFY(dock.view()->selectedNode() >= 0);
        QTest::qWait(100);
        const QImage image = dock.grab().toImage();
        QVERIFY2(pixelsOf(image, mark) > 50, "the shared/nested marking is not drawn");
        QVERIFY2(pixelsOf(image, qRgb(0xff, 0xa0, 0x00)) > 50, "the selection highlight is not drawn");
        const QString path = QDir(m_outDir).filePath(QString::fromLatin1(QTest::currentDataTag()) + ".png");
        QVERIFY(image.save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
};

QTEST_MAIN(TestGraphScreenshots)
#include "TestGraphScreenshots.moc"
