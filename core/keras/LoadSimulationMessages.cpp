// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/keras/LoadSimulationMessages.h"

namespace kcs::keras::loadmsg {

QString couldNotLocate(Dialect target, QStringView kind, QStringView name, QStringView configRepr)
{
    // Keras 3.12+ added "and functions" and the import advice; tf-keras 2.21 keeps the old text.
    if (target == Dialect::Keras3)
        return QStringLiteral("Could not locate %1 '%2'. Make sure custom classes and functions are "
                              "decorated with `@keras.saving.register_keras_serializable()`. If they "
                              "are already decorated, make sure they are all imported so that the "
                              "decorator is run before trying to load them. Full object config: %3")
            .arg(kind, name, configRepr);
    return QStringLiteral("Could not locate %1 '%2'. Make sure custom classes are decorated with "
                          "`@keras.saving.register_keras_serializable()`. Full object config: %3")
        .arg(kind, name, configRepr);
}

QString unknownLegacy(QStringView printableModuleName, QStringView name)
{
    return QStringLiteral("Unknown %1: '%2'. Please ensure you are using a "
                          "`keras.utils.custom_object_scope` and that this object is included in "
                          "the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize"
                          "#registering_the_custom_object for details.")
        .arg(printableModuleName, name);
}

QString couldNotInterpret(QStringView kindWord, QStringView identifierText)
{
    return QStringLiteral("Could not interpret %1 identifier: %2").arg(kindWord, identifierText);
}

QString expectedConfigDict(QStringView className, QStringView typeRepr, QStringView configRepr)
{
    return QStringLiteral("Expected 'config' to be a dict for %1,\ninstead got %2\nFull config: %3")
        .arg(className, typeRepr, configRepr);
}

QString expectedFunctionString(QStringView typeRepr, QStringView configRepr)
{
    // *sic* "fora" (spec 5.3.3).
    return QStringLiteral("Expected 'config' to be a non-null str fora function classname,\n"
                          "instead got %1\nFull config: %2")
        .arg(typeRepr, configRepr);
}

QString expectedTypespecList(QStringView typeRepr, QStringView configRepr)
{
    // *sic* "tuplefor" (spec 5.3.1).
    return QStringLiteral("Expected 'config' to be a list or a tuplefor a __typespec__ class name,\n"
                          "instead got %1\nFull config: %2")
        .arg(typeRepr, configRepr);
}

QString registeredNameOnBuiltin(QStringView registeredRepr, QStringView api, QStringView configRepr)
{
    return QStringLiteral("`registered_name=%1` was provided in the config, but '%2' resolved to a "
                          "Keras built-in and does not use registered names. Remove the "
                          "`registered_name` field from the config. Full object config: %3")
        .arg(registeredRepr, api, configRepr);
}

QString nonModelingApi(QStringView api)
{
    return QStringLiteral("Cannot deserialize `%1` because it is not a modeling function. "
                          "Non-modeling APIs are disallowed during deserialization for security. "
                          "Model configuration should only contains operations, layers, metrics, "
                          "losses, or registered custom objects and functions.")
        .arg(api);
}

QString parentModuleNotImportable(QStringView kind, QStringView name, QStringView module,
                                  QStringView configRepr)
{
    return QStringLiteral("Could not deserialize %1 '%2' because its parent module %3 cannot be "
                          "imported. Full object config: %4")
        .arg(kind, name, module, configRepr);
}

QString notKerasSaveable(QStringView module, QStringView name)
{
    return QStringLiteral("Could not deserialize '%1.%2' because it is not a KerasSaveable subclass")
        .arg(module, name);
}

QString sequentialNeedsName(QStringView configRepr)
{
    return QStringLiteral("A Sequential model configuration must be a dictionary containing the "
                          "'name' and 'layers' keys. Received: config=%1")
        .arg(configRepr);
}

QString invalidLayerEntry(QStringView entryRepr)
{
    return QStringLiteral("The provided configuration is not a valid Keras configuration. Expected "
                          "a dictionary containing a 'config' key. Received: config=%1")
        .arg(entryRepr);
}

QString modelFromConfigList(QStringView configRepr)
{
    return QStringLiteral("`model_from_config` expects a dictionary, not a list. Received: "
                          "config=%1. Did you meant to use `Sequential.from_config(config)`?")
        .arg(configRepr);
}

QString moduleNullUnregistered(QStringView className)
{
    return QStringLiteral("Cannot deserialize object of type `%1`. If `%1` is a custom class, please "
                          "register it using the `@keras.saving.register_keras_serializable()` "
                          "decorator.")
        .arg(className);
}

QString unknownConfigAsDict(QStringView configRepr)
{
    return QStringLiteral("Unknown `config` as a `dict`, config=%1").arg(configRepr);
}

QString emptyConfig(QStringView configRepr)
{
    return QStringLiteral("Cannot deserialize empty config. Received: config=%1").arg(configRepr);
}

QString improperLegacyFormat(QStringView configRepr)
{
    return QStringLiteral("Improper config format for %1. Expecting python dict contains "
                          "`class_name` and `config` as keys")
        .arg(configRepr);
}

QString notALayer(QStringView typeRepr)
{
    return QStringLiteral("Unexpected object from deserialization, expected a layer or operation, "
                          "got a %1")
        .arg(typeRepr);
}

QString layersDeserializeNotALayer(QStringView configRepr)
{
    return QStringLiteral("`keras.layers.deserialize` was passed a `config` object that is not a "
                          "`keras.layers.Layer`. Received: %1")
        .arg(configRepr);
}

QString lambdaMarker(Dialect target)
{
    // *sic*: Keras 3's text leaves the last backtick open.
    if (target == Dialect::Keras3)
        return QStringLiteral("Requested the deserialization of a Python lambda. This carries a "
                              "potential risk of arbitrary code execution and thus it is disallowed "
                              "by default. If you trust the source of the artifact, you can override "
                              "this error by passing `safe_mode=False` to the loading function, or "
                              "calling `keras.config.enable_unsafe_deserialization().");
    return QStringLiteral("Requested the deserialization of a `lambda` object. This carries a "
                          "potential risk of arbitrary code execution and thus it is disallowed by "
                          "default. If you trust the source of the saved model, you can pass "
                          "`safe_mode=False` to the loading function in order to allow `lambda` "
                          "loading.");
}

QString lambdaLayer(Dialect target)
{
    if (target == Dialect::Keras3)
        return QStringLiteral("Requested the deserialization of a `Lambda` layer whose `function` is "
                              "a Python lambda. This carries a potential risk of arbitrary code "
                              "execution and thus it is disallowed by default. If you trust the "
                              "source of the artifact, you can override this error by passing "
                              "`safe_mode=False` to the loading function, or calling "
                              "`keras.config.enable_unsafe_deserialization().");
    return QStringLiteral("Requested the deserialization of a Lambda layer with a Python `lambda` "
                          "inside it. This carries a potential risk of arbitrary code execution and "
                          "thus it is disallowed by default. If you trust the source of the saved "
                          "model, you can pass `safe_mode=False` to the loading function in order "
                          "to allow Lambda layer loading.");
}

QString wrapGeneral(QStringView classRepr, QStringView configRepr, QStringView message)
{
    return QStringLiteral("%1 could not be deserialized properly. Please ensure that components "
                          "that are Python object instances (layers, models, etc.) returned by "
                          "`get_config()` are explicitly deserialized in the model's "
                          "`from_config()` method.\n\nconfig=%2.\n\nException encountered: %3")
        .arg(classRepr, configRepr, message);
}

} // namespace kcs::keras::loadmsg
