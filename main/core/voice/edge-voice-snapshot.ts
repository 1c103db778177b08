/**
 * Microsoft Edge's online voices as of the snapshot below, used when Edge's voice-list endpoint
 * cannot be reached (offline, blocked, or changed). Each entry is `ShortName:F|M`.
 *
 * Source: the ShortName and Gender fields of Edge's readaloud voices/list endpoint, as kept in
 * MoneyPrinterTurbo's app/services/data/azure_voices.json (harry0703/MoneyPrinterTurbo, commit
 * 37062876ec18), without its Azure-only "-V2" entries: 322 voices.
 */
const SNAPSHOT = `
af-ZA-AdriNeural:F af-ZA-WillemNeural:M am-ET-AmehaNeural:M am-ET-MekdesNeural:F ar-AE-FatimaNeural:F ar-AE-HamdanNeural:M
ar-BH-AliNeural:M ar-BH-LailaNeural:F ar-DZ-AminaNeural:F ar-DZ-IsmaelNeural:M ar-EG-SalmaNeural:F ar-EG-ShakirNeural:M
ar-IQ-BasselNeural:M ar-IQ-RanaNeural:F ar-JO-SanaNeural:F ar-JO-TaimNeural:M ar-KW-FahedNeural:M ar-KW-NouraNeural:F
ar-LB-LaylaNeural:F ar-LB-RamiNeural:M ar-LY-ImanNeural:F ar-LY-OmarNeural:M ar-MA-JamalNeural:M ar-MA-MounaNeural:F
ar-OM-AbdullahNeural:M ar-OM-AyshaNeural:F ar-QA-AmalNeural:F ar-QA-MoazNeural:M ar-SA-HamedNeural:M ar-SA-ZariyahNeural:F
ar-SY-AmanyNeural:F ar-SY-LaithNeural:M ar-TN-HediNeural:M ar-TN-ReemNeural:F ar-YE-MaryamNeural:F ar-YE-SalehNeural:M
az-AZ-BabekNeural:M az-AZ-BanuNeural:F bg-BG-BorislavNeural:M bg-BG-KalinaNeural:F bn-BD-NabanitaNeural:F bn-BD-PradeepNeural:M
bn-IN-BashkarNeural:M bn-IN-TanishaaNeural:F bs-BA-GoranNeural:M bs-BA-VesnaNeural:F ca-ES-EnricNeural:M ca-ES-JoanaNeural:F
cs-CZ-AntoninNeural:M cs-CZ-VlastaNeural:F cy-GB-AledNeural:M cy-GB-NiaNeural:F da-DK-ChristelNeural:F da-DK-JeppeNeural:M
de-AT-IngridNeural:F de-AT-JonasNeural:M de-CH-JanNeural:M de-CH-LeniNeural:F de-DE-AmalaNeural:F de-DE-ConradNeural:M
de-DE-FlorianMultilingualNeural:M de-DE-KatjaNeural:F de-DE-KillianNeural:M de-DE-SeraphinaMultilingualNeural:F el-GR-AthinaNeural:F el-GR-NestorasNeural:M
en-AU-NatashaNeural:F en-AU-WilliamNeural:M en-CA-ClaraNeural:F en-CA-LiamNeural:M en-GB-LibbyNeural:F en-GB-MaisieNeural:F
en-GB-RyanNeural:M en-GB-SoniaNeural:F en-GB-ThomasNeural:M en-HK-SamNeural:M en-HK-YanNeural:F en-IE-ConnorNeural:M
en-IE-EmilyNeural:F en-IN-NeerjaExpressiveNeural:F en-IN-NeerjaNeural:F en-IN-PrabhatNeural:M en-KE-AsiliaNeural:F en-KE-ChilembaNeural:M
en-NG-AbeoNeural:M en-NG-EzinneNeural:F en-NZ-MitchellNeural:M en-NZ-MollyNeural:F en-PH-JamesNeural:M en-PH-RosaNeural:F
en-SG-LunaNeural:F en-SG-WayneNeural:M en-TZ-ElimuNeural:M en-TZ-ImaniNeural:F en-US-AnaNeural:F en-US-AndrewMultilingualNeural:M
en-US-AndrewNeural:M en-US-AriaNeural:F en-US-AvaMultilingualNeural:F en-US-AvaNeural:F en-US-BrianMultilingualNeural:M en-US-BrianNeural:M
en-US-ChristopherNeural:M en-US-EmmaMultilingualNeural:F en-US-EmmaNeural:F en-US-EricNeural:M en-US-GuyNeural:M en-US-JennyNeural:F
en-US-MichelleNeural:F en-US-RogerNeural:M en-US-SteffanNeural:M en-ZA-LeahNeural:F en-ZA-LukeNeural:M es-AR-ElenaNeural:F
es-AR-TomasNeural:M es-BO-MarceloNeural:M es-BO-SofiaNeural:F es-CL-CatalinaNeural:F es-CL-LorenzoNeural:M es-CO-GonzaloNeural:M
es-CO-SalomeNeural:F es-CR-JuanNeural:M es-CR-MariaNeural:F es-CU-BelkysNeural:F es-CU-ManuelNeural:M es-DO-EmilioNeural:M
es-DO-RamonaNeural:F es-EC-AndreaNeural:F es-EC-LuisNeural:M es-ES-AlvaroNeural:M es-ES-ElviraNeural:F es-ES-XimenaNeural:F
es-GQ-JavierNeural:M es-GQ-TeresaNeural:F es-GT-AndresNeural:M es-GT-MartaNeural:F es-HN-CarlosNeural:M es-HN-KarlaNeural:F
es-MX-DaliaNeural:F es-MX-JorgeNeural:M es-NI-FedericoNeural:M es-NI-YolandaNeural:F es-PA-MargaritaNeural:F es-PA-RobertoNeural:M
es-PE-AlexNeural:M es-PE-CamilaNeural:F es-PR-KarinaNeural:F es-PR-VictorNeural:M es-PY-MarioNeural:M es-PY-TaniaNeural:F
es-SV-LorenaNeural:F es-SV-RodrigoNeural:M es-US-AlonsoNeural:M es-US-PalomaNeural:F es-UY-MateoNeural:M es-UY-ValentinaNeural:F
es-VE-PaolaNeural:F es-VE-SebastianNeural:M et-EE-AnuNeural:F et-EE-KertNeural:M fa-IR-DilaraNeural:F fa-IR-FaridNeural:M
fi-FI-HarriNeural:M fi-FI-NooraNeural:F fil-PH-AngeloNeural:M fil-PH-BlessicaNeural:F fr-BE-CharlineNeural:F fr-BE-GerardNeural:M
fr-CA-AntoineNeural:M fr-CA-JeanNeural:M fr-CA-SylvieNeural:F fr-CA-ThierryNeural:M fr-CH-ArianeNeural:F fr-CH-FabriceNeural:M
fr-FR-DeniseNeural:F fr-FR-EloiseNeural:F fr-FR-HenriNeural:M fr-FR-RemyMultilingualNeural:M fr-FR-VivienneMultilingualNeural:F ga-IE-ColmNeural:M
ga-IE-OrlaNeural:F gl-ES-RoiNeural:M gl-ES-SabelaNeural:F gu-IN-DhwaniNeural:F gu-IN-NiranjanNeural:M he-IL-AvriNeural:M
he-IL-HilaNeural:F hi-IN-MadhurNeural:M hi-IN-SwaraNeural:F hr-HR-GabrijelaNeural:F hr-HR-SreckoNeural:M hu-HU-NoemiNeural:F
hu-HU-TamasNeural:M id-ID-ArdiNeural:M id-ID-GadisNeural:F is-IS-GudrunNeural:F is-IS-GunnarNeural:M it-IT-DiegoNeural:M
it-IT-ElsaNeural:F it-IT-GiuseppeMultilingualNeural:M it-IT-IsabellaNeural:F iu-Cans-CA-SiqiniqNeural:F iu-Cans-CA-TaqqiqNeural:M iu-Latn-CA-SiqiniqNeural:F
iu-Latn-CA-TaqqiqNeural:M ja-JP-KeitaNeural:M ja-JP-NanamiNeural:F jv-ID-DimasNeural:M jv-ID-SitiNeural:F ka-GE-EkaNeural:F
ka-GE-GiorgiNeural:M kk-KZ-AigulNeural:F kk-KZ-DauletNeural:M km-KH-PisethNeural:M km-KH-SreymomNeural:F kn-IN-GaganNeural:M
kn-IN-SapnaNeural:F ko-KR-HyunsuMultilingualNeural:M ko-KR-InJoonNeural:M ko-KR-SunHiNeural:F lo-LA-ChanthavongNeural:M lo-LA-KeomanyNeural:F
lt-LT-LeonasNeural:M lt-LT-OnaNeural:F lv-LV-EveritaNeural:F lv-LV-NilsNeural:M mk-MK-AleksandarNeural:M mk-MK-MarijaNeural:F
ml-IN-MidhunNeural:M ml-IN-SobhanaNeural:F mn-MN-BataaNeural:M mn-MN-YesuiNeural:F mr-IN-AarohiNeural:F mr-IN-ManoharNeural:M
ms-MY-OsmanNeural:M ms-MY-YasminNeural:F mt-MT-GraceNeural:F mt-MT-JosephNeural:M my-MM-NilarNeural:F my-MM-ThihaNeural:M
nb-NO-FinnNeural:M nb-NO-PernilleNeural:F ne-NP-HemkalaNeural:F ne-NP-SagarNeural:M nl-BE-ArnaudNeural:M nl-BE-DenaNeural:F
nl-NL-ColetteNeural:F nl-NL-FennaNeural:F nl-NL-MaartenNeural:M pl-PL-MarekNeural:M pl-PL-ZofiaNeural:F ps-AF-GulNawazNeural:M
ps-AF-LatifaNeural:F pt-BR-AntonioNeural:M pt-BR-FranciscaNeural:F pt-BR-ThalitaMultilingualNeural:F pt-PT-DuarteNeural:M pt-PT-RaquelNeural:F
ro-RO-AlinaNeural:F ro-RO-EmilNeural:M ru-RU-DmitryNeural:M ru-RU-SvetlanaNeural:F si-LK-SameeraNeural:M si-LK-ThiliniNeural:F
sk-SK-LukasNeural:M sk-SK-ViktoriaNeural:F sl-SI-PetraNeural:F sl-SI-RokNeural:M so-SO-MuuseNeural:M so-SO-UbaxNeural:F
sq-AL-AnilaNeural:F sq-AL-IlirNeural:M sr-RS-NicholasNeural:M sr-RS-SophieNeural:F su-ID-JajangNeural:M su-ID-TutiNeural:F
sv-SE-MattiasNeural:M sv-SE-SofieNeural:F sw-KE-RafikiNeural:M sw-KE-ZuriNeural:F sw-TZ-DaudiNeural:M sw-TZ-RehemaNeural:F
ta-IN-PallaviNeural:F ta-IN-ValluvarNeural:M ta-LK-KumarNeural:M ta-LK-SaranyaNeural:F ta-MY-KaniNeural:F ta-MY-SuryaNeural:M
ta-SG-AnbuNeural:M ta-SG-VenbaNeural:F te-IN-MohanNeural:M te-IN-ShrutiNeural:F th-TH-NiwatNeural:M th-TH-PremwadeeNeural:F
tr-TR-AhmetNeural:M tr-TR-EmelNeural:F uk-UA-OstapNeural:M uk-UA-PolinaNeural:F ur-IN-GulNeural:F ur-IN-SalmanNeural:M
ur-PK-AsadNeural:M ur-PK-UzmaNeural:F uz-UZ-MadinaNeural:F uz-UZ-SardorNeural:M vi-VN-HoaiMyNeural:F vi-VN-NamMinhNeural:M
zh-CN-XiaoxiaoNeural:F zh-CN-XiaoyiNeural:F zh-CN-YunjianNeural:M zh-CN-YunxiNeural:M zh-CN-YunxiaNeural:M zh-CN-YunyangNeural:M
zh-CN-liaoning-XiaobeiNeural:F zh-CN-shaanxi-XiaoniNeural:F zh-HK-HiuGaaiNeural:F zh-HK-HiuMaanNeural:F zh-HK-WanLungNeural:M zh-TW-HsiaoChenNeural:F
zh-TW-HsiaoYuNeural:F zh-TW-YunJheNeural:M zu-ZA-ThandoNeural:F zu-ZA-ThembaNeural:M
`;

export interface EdgeVoiceEntry {
  shortName: string;
  gender: 'female' | 'male';
  /** BCP 47 locale: the ShortName up to its voice name (en-US, zh-CN-liaoning, iu-Latn-CA). */
  locale: string;
}

/** The locale of a ShortName: everything before its last dash-separated part. */
export function localeOf(shortName: string): string {
  return shortName.slice(0, shortName.lastIndexOf('-'));
}

export const EDGE_VOICE_SNAPSHOT: readonly EdgeVoiceEntry[] = SNAPSHOT.split(/\s+/)
  .filter(Boolean)
  .map((e) => {
    const [shortName = '', g] = e.split(':');
    return { shortName, gender: g === 'M' ? 'male' : 'female', locale: localeOf(shortName) };
  });
