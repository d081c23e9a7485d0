// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/serialization/Messages.h"

namespace kcs::saving::messages {

QString lambdaGenericK3()
{
    return QStringLiteral(
        "Requested the deserialization of a Python lambda. This carries a potential risk of "
        "arbitrary code execution and thus it is disallowed by default. If you trust the source "
        "of the artifact, you can override this error by passing `safe_mode=False` to the "
        "loading function, or calling `keras.config.enable_unsafe_deserialization().");
}

QString lambdaLayerK3()
{
    return QStringLiteral(
        "Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. "
        "This carries a potential risk of arbitrary code execution and thus it is disallowed by "
        "default. If you trust the source of the artifact, you can override this error by "
        "passing `safe_mode=False` to the loading function, or calling "
        "`keras.config.enable_unsafe_deserialization().");
}

QString lambdaGenericK2()
{
    return QStringLiteral(
        "Requested the deserialization of a `lambda` object. This carries a potential risk of "
        "arbitrary code execution and thus it is disallowed by default. If you trust the source "
        "of the saved model, you can pass `safe_mode=False` to the loading function in order to "
        "allow `lambda` loading.");
}

QString lambdaLayerK2()
{
    return QStringLiteral(
        "Requested the deserialization of a Lambda layer with a Python `lambda` inside it. This "
        "carries a potential risk of arbitrary code execution and thus it is disallowed by "
        "default. If you trust the source of the saved model, you can pass `safe_mode=False` to "
        "the loading function in order to allow Lambda layer loading.");
}

QString couldNotLocate(const KerasVersion& v, QStringView kind, QStringView name, QStringView configRepr)
{
    QString advice;
    if (v.isKeras3() && v.minor >= 12)
        advice = QStringLiteral(
            "Make sure custom classes and functions are decorated with "
            "`@keras.saving.register_keras_serializable()`. If they are already decorated, make "
            "sure they are all imported so that the decorator is run before trying to load them.");
    else if (!v.isKeras3() && v.minor <= 12)
        advice = QStringLiteral("Make sure custom classes are decorated with "
                                "`@keras.utils.register_keras_serializable`.");
    else
        advice = QStringLiteral("Make sure custom classes are decorated with "
                                "`@keras.saving.register_keras_serializable()`.");
    return QStringLiteral("Could not locate %1 '%2'. %3 Full object config: %4")
        .arg(kind, name, advice, configRepr);
}

QString unknownObjectLegacy(const KerasVersion& v, QStringView printableModuleName, QStringView className)
{
    if (!v.isKeras3() && v.minor <= 10)
        return QStringLiteral(
                   "Unknown %1: %2. Please ensure this object is passed to the `custom_objects` "
                   "argument. See https://www.tensorflow.org/guide/keras/save_and_serialize"
                   "#registering_the_custom_object for details.")
            .arg(printableModuleName, className);
    // tf-keras (2.15+ packaged separately, here: any 2.x >= 2.16) names its own guide.
    const QString guide = (!v.isKeras3() && v.minor >= 16) ? QStringLiteral("tf_keras")
                                                           : QStringLiteral("keras");
    return QStringLiteral(
               "Unknown %1: '%2'. Please ensure you are using a `keras.utils.custom_object_scope` "
               "and that this object is included in the scope. See "
               "https://www.tensorflow.org/guide/%3/save_and_serialize"
               "#registering_the_custom_object for details.")
        .arg(printableModuleName, className, guide);
}

QString registeredNameOnBuiltin(QStringView regRepr, QStringView api, QStringView configRepr)
{
    return QStringLiteral(
               "`registered_name=%1` was provided in the config, but '%2' resolved to a Keras "
               "built-in and does not use registered names. Remove the `registered_name` field "
               "from the config. Full object config: %3")
        .arg(regRepr, api, configRepr);
}

QString nonModelingApi(QStringView api)
{
    return QStringLiteral(
               "Cannot deserialize `%1` because it is not a modeling function. Non-modeling APIs "
               "are disallowed during deserialization for security. Model configuration should "
               "only contains operations, layers, metrics, losses, or registered custom objects "
               "and functions.")
        .arg(api);
}

QString notKerasSaveable(QStringView module, QStringView name)
{
    return QStringLiteral("Could not deserialize '%1.%2' because it is not a KerasSaveable subclass")
        .arg(module, name);
}

QString parentModuleNotImportable(QStringView kind, QStringView name, QStringView module,
                                  QStringView configRepr)
{
    return QStringLiteral("Could not deserialize %1 '%2' because its parent module %3 cannot be "
                          "imported. Full object config: %4")
        .arg(kind, name, module, configRepr);
}

QString couldNotBeDeserializedProperly(QStringView classRepr, QStringView configRepr, QStringView message)
{
    return QStringLiteral(
               "%1 could not be deserialized properly. Please ensure that components that are "
               "Python object instances (layers, models, etc.) returned by `get_config()` are "
               "explicitly deserialized in the model's `from_config()` method.\n\nconfig=%2.\n\n"
               "Exception encountered: %3")
        .arg(classRepr, configRepr, message);
}

QString missingFromConfig(QStringView className, QStringView configRepr)
{
    return QStringLiteral("Unable to reconstruct an instance of '%1' because the class is missing "
                          "a `from_config()` method. Full object config: %2")
        .arg(className, configRepr);
}

} // namespace kcs::saving::messages
