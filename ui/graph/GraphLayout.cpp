// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/graph/GraphLayout.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QMutex>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

namespace kcs::ui::graph {

namespace {

constexpr qreal kPadding = 8;
constexpr qreal kPointsPerInch = 72;

/// Graphviz's API takes char* for strings it only reads.
char* text(const QByteArray& bytes)
{
    return const_cast<char*>(bytes.constData());
}

void set(void* object, const char* name, const QByteArray& value)
{
    agsafeset(object, const_cast<char*>(name), text(value), const_cast<char*>(""));
}

QByteArray inches(qreal points)
{
    return QByteArray::number(points / kPointsPerInch, 'f', 4);
}

/// One context for the process: creating it loads the plugins, which is slow and not
/// thread-safe; callers hold the layout mutex.
GVC_t* context()
{
    static GVC_t* gvc = gvContext();
    return gvc;
}

QMutex& layoutMutex()
{
    static QMutex mutex;
    return mutex;
}

/// Reads everything from a laid-out graph: node boxes, edge curves, cluster frames.
class Reader {
public:
    Reader(Agraph_t* g, GraphLayoutResult& out) : m_out(out)
    {
        const boxf bb = GD_bb(g);
        m_top = bb.UR.y;
        out.bounds = QRectF(QPointF(bb.LL.x, 0), QPointF(bb.UR.x, bb.UR.y - bb.LL.y));
    }

    QPointF point(pointf p) const { return {p.x, m_top - p.y}; }

    QRectF box(boxf b) const { return QRectF(point(b.LL), point(b.UR)).normalized(); }

    void node(Agnode_t* n, size_t index)
    {
        const QPointF center = point(ND_coord(n));
        const qreal w = ND_width(n) * kPointsPerInch;
        const qreal h = ND_height(n) * kPointsPerInch;
        m_out.nodes[index] = QRectF(center.x() - w / 2, center.y() - h / 2, w, h);
    }

    void edge(Agedge_t* e, size_t index)
    {
        EdgeGeometry& geometry = m_out.edges[index];
        if (ED_label(e) && ED_label(e)->set) {
            geometry.hasLabel = true;
            geometry.labelCenter = point(ED_label(e)->pos);
        }
        const splines* spl = ED_spl(e);
        if (!spl || spl->size < 1)
            return;
        const bezier& bz = spl->list[0];
        if (bz.size < 1)
            return;
        geometry.path.moveTo(point(bz.list[0]));
        for (int i = 1; i + 2 < bz.size; i += 3)
            geometry.path.cubicTo(point(bz.list[i]), point(bz.list[i + 1]), point(bz.list[i + 2]));
        if (bz.eflag) {
            geometry.hasArrow = true;
            geometry.arrowBase = point(bz.list[bz.size - 1]);
            geometry.arrowTip = point(bz.ep);
        }
    }

private:
    GraphLayoutResult& m_out;
    qreal m_top = 0;
};

} // namespace

void GraphLayout::measure(VisibleGraph& graph, const QFont& font)
{
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF normal(font);
    const QFontMetricsF strong(bold);
    for (VisibleNode& node : graph.nodes) {
        const qreal width = std::max({strong.horizontalAdvance(node.title), normal.horizontalAdvance(node.name),
                                      normal.horizontalAdvance(node.detail), qreal(60)});
        node.size = QSizeF(width + 2 * kPadding + (node.isShared() ? 28 : 0),
                           strong.height() + 2 * normal.height() + 2 * kPadding);
    }
}

GraphLayoutResult GraphLayout::run(const VisibleGraph& graph)
{
    GraphLayoutResult out;
    out.nodes.resize(graph.nodes.size());
    out.edges.resize(graph.edges.size());
    out.clusters.resize(graph.clusters.size());
    QMutexLocker lock(&layoutMutex());
    Agraph_t* g = agopen(const_cast<char*>("model"), Agdirected, nullptr);
    set(g, "rankdir", "TB");
    set(g, "nodesep", "0.35");
    set(g, "ranksep", "0.45");
    agattr(g, AGNODE, const_cast<char*>("shape"), const_cast<char*>("box"));
    agattr(g, AGNODE, const_cast<char*>("fixedsize"), const_cast<char*>("true"));
    agattr(g, AGNODE, const_cast<char*>("label"), const_cast<char*>(""));
    agattr(g, AGEDGE, const_cast<char*>("fontsize"), const_cast<char*>("9"));
    std::vector<Agraph_t*> subgraphs;
    for (size_t i = 0; i < graph.clusters.size(); ++i) {
        const VisibleCluster& c = graph.clusters[i];
        Agraph_t* parent = c.parent >= 0 ? subgraphs[size_t(c.parent)] : g; // parents come first
        const QByteArray name = "cluster_" + QByteArray::number(qulonglong(i));
        Agraph_t* sub = agsubg(parent, text(name), 1);
        set(sub, "label", c.label.toUtf8());
        set(sub, "margin", "14");
        subgraphs.push_back(sub);
    }
    std::vector<Agnode_t*> nodes;
    nodes.reserve(graph.nodes.size());
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        const VisibleNode& v = graph.nodes[i];
        const QByteArray name = "n" + QByteArray::number(qulonglong(i));
        Agraph_t* owner = v.cluster >= 0 ? subgraphs[size_t(v.cluster)] : g;
        Agnode_t* n = agnode(owner, text(name), 1);
        set(n, "width", inches(v.size.width()));
        set(n, "height", inches(v.size.height()));
        nodes.push_back(n);
    }
    std::vector<Agedge_t*> edges;
    for (size_t i = 0; i < graph.edges.size(); ++i) {
        const VisibleEdge& v = graph.edges[i];
        const QByteArray name = "e" + QByteArray::number(qulonglong(i));
        Agedge_t* e = agedge(g, nodes[size_t(v.from)], nodes[size_t(v.to)], text(name), 1);
        if (!v.label.isEmpty())
            set(e, "label", v.label.toUtf8());
        edges.push_back(e);
    }
    if (gvLayout(context(), g, "dot") != 0) {
        out.error = QCoreApplication::translate("kcs::ui::graph::GraphLayout", "Graphviz could not lay out the graph");
        agclose(g);
        return out;
    }
    Reader reader(g, out);
    for (size_t i = 0; i < nodes.size(); ++i)
        reader.node(nodes[i], i);
    for (size_t i = 0; i < edges.size(); ++i)
        reader.edge(edges[i], i);
    for (size_t i = 0; i < subgraphs.size(); ++i)
        out.clusters[i] = reader.box(GD_bb(subgraphs[i]));
    gvFreeLayout(context(), g);
    agclose(g);
    return out;
}

} // namespace kcs::ui::graph
