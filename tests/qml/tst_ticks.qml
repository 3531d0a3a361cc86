import QtQuick
import QtTest
import Tincan

TestCase {
    id: testCase
    name: "DeliveryTicks"
    when: windowShown

    Component {
        id: ticksComponent
        DeliveryTicks {}
    }

    function test_eachStateHasItsName_data() {
        return [
            { tag: "failed", state: Core.Failed, name: "Not delivered" },
            { tag: "queued", state: Core.Queued, name: "Waiting to send" },
            { tag: "sent", state: Core.Sent, name: "Sent" },
            { tag: "deposited", state: Core.Deposited, name: "Held by a mailbox until the recipient is online" },
            { tag: "delivered", state: Core.Delivered, name: "Delivered" },
            { tag: "read", state: Core.Read, name: "Read" }
        ]
    }

    function test_eachStateHasItsName(data) {
        const ticks = createTemporaryObject(ticksComponent, testCase, { messageState: data.state })
        compare(ticks.Accessible.name, data.name)
        verify(ticks.width > 0 && ticks.height > 0)
    }

    function test_repaintsOnStateChange() {
        const ticks = createTemporaryObject(ticksComponent, testCase, { messageState: Core.Sent })
        const painted = signalSpy.createObject(testCase, { target: ticks, signalName: "paint" })
        waitForRendering(ticks)
        ticks.messageState = Core.Deposited
        tryVerify(() => painted.count > 0)
    }

    Component { id: signalSpy; SignalSpy {} }
}
