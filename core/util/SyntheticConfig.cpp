// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/SyntheticConfig.h"

namespace kcs {
namespace {

QByteArray denseConfig(const QByteArray& name, int units)
{
    return R"({"name": ")" + name + R"(", "trainable": true, "dtype": "float32", "units": )" + QByteArray::number(units)
        + R"(, "activation": "relu", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", )"
          R"("config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, )"
          R"("kernel_regularizer": {"class_name": "L2", "config": {"l2": 9.999999747378752e-05}}, )"
          R"("bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null})";
}

QByteArray layerName(int i)
{
    return i == 0 ? QByteArray("dense") : "dense_" + QByteArray::number(i);
}

} // namespace

QByteArray syntheticChainConfig(const SyntheticOptions& o)
{
    QByteArray out;
    out.reserve(qsizetype(o.layers) * 640 + 512);
    const QByteArray inputShape = "[null, " + QByteArray::number(o.units) + "]";
    if (o.sequential) {
        out += R"({"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "InputLayer", )"
               R"("config": {"batch_input_shape": )" + inputShape
            + R"(, "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}})";
        for (int i = 0; i < o.layers; ++i)
            out += R"(, {"class_name": "Dense", "config": )" + denseConfig(layerName(i), o.units) + "}";
        out += R"(]}, "keras_version": "2.15.0", "backend": "tensorflow"})";
        return out;
    }
    out += R"({"class_name": "Functional", "config": {"name": "model", "trainable": true, "layers": [)"
           R"({"class_name": "InputLayer", "config": {"batch_input_shape": )" + inputShape
        + R"(, "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}, "name": "input_1", "inbound_nodes": []})";
    QByteArray previous = "input_1";
    for (int i = 0; i < o.layers; ++i) {
        const QByteArray name = layerName(i);
        out += R"(, {"class_name": "Dense", "config": )" + denseConfig(name, o.units) + R"(, "name": ")" + name
            + R"(", "inbound_nodes": [[[")" + previous + R"(", 0, 0, {}]]]})";
        previous = name;
    }
    out += R"(], "input_layers": [["input_1", 0, 0]], "output_layers": [[")" + previous
        + R"(", 0, 0]]}, "keras_version": "2.15.0", "backend": "tensorflow"})";
    return out;
}

} // namespace kcs
