; Inno Setup 6 script: wraps the one-folder program in an installer for Windows.
;
; First build the folder (README, "Build the Windows program"):
;     .venv\Scripts\pyinstaller --noconfirm build_installer.spec    ->  dist\yuyou-desktop\
; then compile this script (Inno Setup 6, https://jrsoftware.org/isinfo.php):
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" tools\installer.iss
; Result: dist\yuyou-desktop-<version>-setup.exe.
;
; The version is __version__ of yuyou_desktop\__init__.py (the same as the .exe's version
; resource, tools\windows_version_info.txt); ISCC /DAppVersion=x.y.z overrides it.
; The setup installs into Program Files ({autopf}; for all users, which needs administrator
; rights — the first page also offers "only for me", into %LOCALAPPDATA%\Programs), adds a
; Start menu shortcut (a desktop shortcut if ticked) and an uninstaller (Settings → Apps).
; Uninstalling removes the program folder only: the data folder (%LOCALAPPDATA%\yuyou-desktop:
; database, keys, backups) is kept, and a new version installed later opens it again.
; This file is UTF-8 with a BOM (Inno Setup before 6.3 needs the BOM for the Chinese name).

#define AppName "行政执法协调监督工作台"
#define AppExe "yuyou-desktop.exe"
#define Bundle "..\dist\yuyou-desktop"

#ifndef AppVersion
  #define VersionFile FileOpen(AddBackslash(SourcePath) + "..\yuyou_desktop\__init__.py")
  #if !VersionFile
    #error Cannot open yuyou_desktop\__init__.py to read the version
  #endif
  #define AppVersion ""
  #define VersionLine ""
  #sub ReadVersionLine
    #define VersionLine = FileRead(VersionFile)
    #if Pos('__version__ = "', VersionLine) == 1
      #define public AppVersion = Copy(VersionLine, 16, RPos('"', VersionLine) - 16)
    #endif
  #endsub
  #for {0; AppVersion == "" && !FileEof(VersionFile); 0} ReadVersionLine
  #expr FileClose(VersionFile)
  #if AppVersion == ""
    #error No line __version__ = "x.y.z" in yuyou_desktop\__init__.py
  #endif
#endif

#if !FileExists(AddBackslash(SourcePath) + Bundle + "\" + AppExe)
  #error dist\yuyou-desktop\yuyou-desktop.exe is missing: build it with build_installer.spec first
#endif

[Setup]
; AppId never changes: a new version finds and replaces the installed one by it
AppId={{699EEB41-B0E3-49B7-9492-2005D2E7BFAB}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=县司法局
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
; Qt 6 and the 64-bit Python of the bundle: 64-bit Windows 10 1809 or newer
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\dist
OutputBaseFilename=yuyou-desktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
; Simplified Chinese is not in every Inno Setup 6 release: copy ChineseSimplified.isl (from
; https://jrsoftware.org/files/istrans/) into Inno Setup's Languages folder; without it the
; setup's own pages are in English (the program itself is Chinese either way).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; files of an older version that this one no longer has must not linger beside the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#Bundle}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
