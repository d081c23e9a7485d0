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

/// Keras 3 envelopes: module, class_name, config, registered_name (null for built-ins).
QByteArray k3Object(const char* module, const char* className, const QByteArray& config)
{
    return R"({"module": ")" + QByteArray(module) + R"(", "class_name": ")" + className + R"(", "config": )" + config
        + R"(, "registered_name": null})";
}

QByteArray k3DenseConfig(const QByteArray& name, int units)
{
    return R"({"name": ")" + name + R"(", "trainable": true, "dtype": "float32", "units": )" + QByteArray::number(units)
        + R"(, "activation": "relu", "use_bias": true, "kernel_initializer": )"
        + k3Object("keras.initializers", "GlorotUniform", R"({"seed": null})") + R"(, "bias_initializer": )"
        + k3Object("keras.initializers", "Zeros", "{}") + R"(, "kernel_regularizer": )"
        + k3Object("keras.regularizers", "L2", R"({"l2": 9.999999747378752e-05})")
        + R"(, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null})";
}

/// A Keras 3 layer envelope up to (not including) its closing brace: the caller adds the
/// functional "name" and "inbound_nodes", or nothing for a Sequential.
QByteArray k3DenseEnvelope(const QByteArray& name, int units, const QByteArray& inputShape)
{
    QByteArray e = k3Object("keras.layers", "Dense", k3DenseConfig(name, units));
    e.chop(1);
    return e + R"(, "build_config": {"input_shape": )" + inputShape + "}";
}

QByteArray keras3Chain(const SyntheticOptions& o)
{
    QByteArray out;
    out.reserve(qsizetype(o.layers) * 1100 + 512);
    const QByteArray shape = "[null, " + QByteArray::number(o.units) + "]";
    const QByteArray input = R"({"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": )" + shape
        + R"(, "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null)";
    if (o.sequential) {
        out += R"({"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, )"
               R"("dtype": "float32", "layers": [)" + input + "}";
        for (int i = 0; i < o.layers; ++i)
            out += ", " + k3DenseEnvelope(layerName(i), o.units, shape) + "}";
        out += R"(], "build_input_shape": )" + shape + R"(}, "registered_name": null, "build_config": {"input_shape": )"
            + shape + "}}";
        return out;
    }
    out += R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "functional", )"
           R"("trainable": true, "layers": [)" + input + R"(, "name": "input_layer", "inbound_nodes": []})";
    QByteArray previous = "input_layer";
    for (int i = 0; i < o.layers; ++i) {
        const QByteArray name = layerName(i);
        out += ", " + k3DenseEnvelope(name, o.units, shape) + R"(, "name": ")" + name
            + R"(", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": )" + shape
            + R"(, "dtype": "float32", "keras_history": [")" + previous + R"(", 0, 0]}}], "kwargs": {}}]})";
        previous = name;
    }
    out += R"(], "input_layers": [["input_layer", 0, 0]], "output_layers": [[")" + previous
        + R"(", 0, 0]]}, "registered_name": "Functional", "build_config": {"input_shape": null}})";
    return out;
}

} // namespace

QByteArray syntheticChainConfig(const SyntheticOptions& o)
{
    if (o.keras3)
        return keras3Chain(o);
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
