#pragma once

#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

#include <functional>

// Finding items of a real QML window by what they show, and clicking them like a user.
namespace WindowTest {

inline QQuickItem *findItem(QQuickItem *root, const std::function<bool(QQuickItem *)> &match)
{
    if (!root)
        return nullptr;
    if (match(root))
        return root;
    const auto children = root->childItems();
    for (QQuickItem *child : children) {
        if (QQuickItem *found = findItem(child, match))
            return found;
    }
    return nullptr;
}

inline QQuickItem *findByProperty(QQuickWindow *window, const char *name, const QVariant &value)
{
    return findItem(window->contentItem(), [&](QQuickItem *item) {
        return item->isVisible() && item->property(name) == value;
    });
}

inline void click(QQuickWindow *window, QQuickItem *item)
{
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
}

} // namespace WindowTest
