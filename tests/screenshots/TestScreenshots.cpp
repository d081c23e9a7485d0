// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/ScreenshotSupport.h"
#include "support/TestSupport.h"
#include "ui/Application.h"
#include "ui/ConfigDocument.h"
#include "ui/FileController.h"
#include "ui/JsonEditor.h"
#include "ui/JsonPane.h"
#include "ui/MainWindow.h"
#include "ui/StatusPanel.h"

#include <QApplication>
#include <QDir>
#include <QFontDatabase>
#include <QImage>
#include <QTest>

using namespace kcs;
using namespace kcs::ui;

/// PNGs of the real main window on a real X server (Xvfb): the bundled example model and a
/// corpus model, with a layer selected so the tree/text sync shows. Fusion style, a fixed font
/// and a fixed window size keep them comparable between runs. Written to $KCS_SCREENSHOT_DIR.
class TestScreenshots : public QObject {
    Q_OBJECT
private:
    QString m_outDir;

    /// Distinct colours in a coarse sample: a blank or black grab has one or two.
    static int colourCount(const QImage& image)
    {
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        return int(colours.size());
    }

    void shoot(MainWindow& window, const QString& layer)
    {
        window.resize(1280, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The checks colour the tree and fill the Problems dock: wait for their first verdict.
        QTRY_VERIFY_WITH_TIMEOUT(window.statusPanel()->verdictText().contains(QLatin1String("loads"))
                                     || window.statusPanel()->verdictText().contains(QLatin1String("refuses")),
                                 20000);
        QVERIFY(window.goToLayer(layer));
        window.jsonPane()->editor()->setCaretWidth(0); // no blinking caret in the picture
        QTest::qWait(200); // let the lexer style the visible text
        const QImage image = window.grab().toImage();
        QCOMPARE(image.size(), QSize(1280, 780) * window.devicePixelRatio());
        QVERIFY2(colourCount(image) > 20, "the grab looks blank");
        const QString file = QDir(m_outDir).filePath(QString::fromLatin1(QTest::currentDataTag()) + ".png");
        QVERIFY(image.save(file));
        qInfo("screenshot: %s", qPrintable(file));
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::prepareScreenshots();
        m_outDir = test::screenshotDir();
        QVERIFY(QDir(m_outDir).exists());
    }

    void mainWindow_data()
    {
        QTest::addColumn<QString>("corpusFile");
        QTest::addColumn<QString>("layer");
        QTest::newRow("example_model") << QString() << QStringLiteral("shared_projection");
        QTest::newRow("corpus_keras2_alexnet_custom_lrn") << QStringLiteral("keras2_alexnet_custom_lrn.json")
                                                          << QStringLiteral("lrn_1");
    }

    void mainWindow()
    {
        QFETCH(QString, corpusFile);
        QFETCH(QString, layer);
        MainWindow window;
        window.jsonPane()->editor()->setEditorFont(QFont(QStringLiteral("DejaVu Sans Mono"), 9));
        if (corpusFile.isEmpty()) {
            window.files()->openExample();
        } else {
            KCS_REQUIRE_CORPUS(corpus);
            window.openFile(QDir(corpus).filePath(corpusFile));
            QTRY_VERIFY(!window.document()->filePath().isEmpty());
        }
        shoot(window, layer);
    }
};

QTEST_MAIN(TestScreenshots)
#include "TestScreenshots.moc"
