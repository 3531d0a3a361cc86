import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tincan

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 960
    height: 640
    minimumWidth: 480
    minimumHeight: 360
    visible: true
    title: qsTr("Tincan — %1").arg(App.displayName)

    Connections {
        target: App
        function onActivationRequested() {
            window.show()
            window.raise()
            window.requestActivate()
        }
    }

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 12

        Label {
            Layout.alignment: Qt.AlignHCenter
            text: App.appName
            font.pixelSize: 40
            font.bold: true
            Accessible.name: qsTr("Application name")
        }
        Label {
            objectName: "displayNameLabel"
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Signed in as %1").arg(App.displayName)
            font.pixelSize: 18
            Accessible.name: qsTr("Display name")
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Listening on port %1 · version %2").arg(App.port).arg(App.version)
            opacity: 0.7
        }
    }
}
