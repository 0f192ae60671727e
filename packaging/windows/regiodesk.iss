; Inno Setup 6 recipe of RegioDesk's Windows installer.
;
; build_installer.py runs it on Windows, after freezing the app, as
;   ISCC /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0 /DSourceDir=<frozen folder>
;        /DIconFile=<regiodesk.ico> /DOutputDir=<dist> [/DSign /Sregiodesk=<signtool command>]
;        packaging\windows\regiodesk.iss
; The version comes from pyproject.toml; nothing in here needs editing for a release.
;
; One installer, two ways to install:
;   per user (the default, no administrator rights): %LOCALAPPDATA%\Programs\RegioDesk, the
;     user's Start menu, associations under HKEY_CURRENT_USER;
;   per machine (/ALLUSERS, or "Install for all users" in the first dialog; asks for elevation):
;     C:\Program Files\RegioDesk, the common Start menu, associations under HKEY_LOCAL_MACHINE.
; Silent: RegioDesk-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
;         (or /CURRENTUSER); add /LOG="<file>" for a log, /DIR="<folder>" for another folder.
;
; User data is never installed here and never removed here: the store, settings and logs live
; in the user's own folders (%LOCALAPPDATA%\RegioDesk), which the uninstaller leaves alone; it
; removes only what it installed.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\installer\dist\regiodesk"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\installer\work\icons\regiodesk.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; The AppId identifies RegioDesk to Windows across versions (upgrades replace, not duplicate).
AppId={{6D0B8C1E-3F7A-4E52-9B1D-5A2C8E4F7B30}
AppName=RegioDesk
AppVersion={#AppVersion}
AppVerName=RegioDesk {#AppVersion}
AppPublisher=RegioDesk developers
AppCopyright=EUPL-1.2
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoDescription=RegioDesk setup
DefaultDirName={autopf}\RegioDesk
DefaultGroupName=RegioDesk
DisableProgramGroupPage=yes
; Per user by default; the first dialog (or /ALLUSERS, /CURRENTUSER) chooses.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=RegioDesk-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\regiodesk.exe
UninstallDisplayName=RegioDesk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
#ifdef Sign
; "regiodesk" is the sign tool that build_installer.py defines on ISCC's command line (/S...).
SignTool=regiodesk
SignedUninstaller=yes
#endif

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
dutch.BundleFile=RegioDesk-bundel
english.BundleFile=RegioDesk bundle
dutch.CommandLine=RegioDesk op de opdrachtregel
english.CommandLine=RegioDesk command line

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole frozen folder: regiodesk.exe, regiodesk-cli.exe, _internal\, licenses\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconFile}"; DestDir: "{app}"; Flags: ignoreversion

[InstallDelete]
; An upgrade replaces the bundled libraries as a whole (no stale modules of an older version).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\RegioDesk"; Filename: "{app}\regiodesk.exe"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\RegioDesk"; Filename: "{app}\regiodesk.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; The bundle file type (.regiodesk), under HKA: HKCU per user, HKLM per machine.
Root: HKA; Subkey: "Software\Classes\.regiodesk"; ValueType: string; ValueName: ""; ValueData: "RegioDesk.Bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.regiodesk"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-regiodesk-bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.regiodesk\OpenWithProgids"; ValueType: string; ValueName: "RegioDesk.Bundle"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\RegioDesk.Bundle"; ValueType: string; ValueName: ""; ValueData: "{cm:BundleFile}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\RegioDesk.Bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\regiodesk.ico"
; Opening a bundle starts RegioDesk, which takes the bundle in (on its Sync page).
Root: HKA; Subkey: "Software\Classes\RegioDesk.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\regiodesk.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\regiodesk.exe\SupportedTypes"; ValueType: string; ValueName: ".regiodesk"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\regiodesk.exe"; Description: "{cm:LaunchProgram,RegioDesk}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes what [Files] installed and nothing of the user's.
