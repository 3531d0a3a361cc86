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
            { tag: "failed", state: -1, name: "Not delivered" },
            { tag: "queued", state: 0, name: "Waiting to send" },
            { tag: "sent", state: 1, name: "Sent" },
            { tag: "delivered", state: 2, name: "Delivered" },
            { tag: "read", state: 3, name: "Read" }
        ]
    }

    function test_eachStateHasItsName(data) {
        const ticks = createTemporaryObject(ticksComponent, testCase, { messageState: data.state })
        compare(ticks.Accessible.name, data.name)
        verify(ticks.width > 0 && ticks.height > 0)
    }

    function test_repaintsOnStateChange() {
        const ticks = createTemporaryObject(ticksComponent, testCase, { messageState: 1 })
        const painted = signalSpy.createObject(testCase, { target: ticks, signalName: "paint" })
        waitForRendering(ticks)
        ticks.messageState = 3
        tryVerify(() => painted.count > 0)
    }

    Component { id: signalSpy; SignalSpy {} }
}
