#pragma once

#include "chat/messenger.h"
#include "net/sessionmanager.h"
#include "testnode.h"

#include <QAbstractItemModel>
#include <QSignalSpy>
#include <QTest>

// Shared by the model tests: linking two nodes, and recording what a model announced, so that
// a test can say "one row inserted, nothing reset".
namespace ModelTest {

constexpr int Timeout = 20000;

inline bool link(TestNode &a, TestNode &b)
{
    QString error;
    if (!a->connectTo(b.address(), &error))
        return false;
    return QTest::qWaitFor(
        [&] { return a->sessions().isConnected(b.id()) && b->sessions().isConnected(a.id()); },
        Timeout);
}

inline QString send(TestNode &from, TestNode &to, const QString &text, const QString &replyTo = {})
{
    QString error;
    const auto message = from->messenger().sendText(to.id(), text, replyTo, &error);
    return message ? message->uuid : QString();
}

// Counts the structural signals of a model.
struct Changes
{
    explicit Changes(QAbstractItemModel *model)
        : inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , moved(model, &QAbstractItemModel::rowsMoved)
        , changed(model, &QAbstractItemModel::dataChanged)
        , reset(model, &QAbstractItemModel::modelReset)
    {}
    void clear()
    {
        inserted.clear();
        removed.clear();
        moved.clear();
        changed.clear();
        reset.clear();
    }
    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy moved;
    QSignalSpy changed;
    QSignalSpy reset;
};

} // namespace ModelTest
