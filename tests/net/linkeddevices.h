// Shared by the tests of several devices of one person (#18).
#pragma once

#include "chat/messenger.h"
#include "devices/devicelinker.h"
#include "testnode.h"

#include <QTest>

namespace Tincan::LinkedDevices {

inline constexpr int Timeout = 10000;

inline std::optional<MessageRecord> message(TestNode &node, const QString &uuid)
{
    return node->messenger().messages().find(uuid);
}

inline DeviceLinking::Stage stageOf(TestNode &node)
{
    const auto state = node->deviceLinking();
    return state ? state->stage : DeviceLinking::Stage::Failed;
}

// Ada's desktop shows a code, her new laptop enters it, both confirm the same number.
inline bool link(TestNode &desktop, TestNode &laptop)
{
    using Stage = DeviceLinking::Stage;
    QString error;
    const auto offer = desktop->linkNewDevice(&error);
    if (!offer || offer->stage != Stage::Waiting || !laptop->joinAccount(offer->code, &error)) {
        qWarning() << "linking could not start:" << error;
        return false;
    }
    if (!QTest::qWaitFor(
            [&] { return stageOf(desktop) == Stage::Confirm && stageOf(laptop) == Stage::Confirm; },
            Timeout))
        return false;
    if (desktop->deviceLinking()->confirmation != laptop->deviceLinking()->confirmation ||
        desktop->deviceLinking()->confirmation.size() != 7)
        return false;
    if (!laptop->confirmDeviceLink(true, &error) || !desktop->confirmDeviceLink(true, &error))
        return false;
    return QTest::qWaitFor(
        [&] { return stageOf(desktop) == Stage::Done && stageOf(laptop) == Stage::Done; }, Timeout);
}

} // namespace Tincan::LinkedDevices
