"""Table-driven tests for ``mou_extract.orgs.find_organizations``.

Contract under test (DESIGN.md, "Organisations"):

* the function receives raw text: full-width forms, line breaks inside names and letter-spacing
  such as 「株 式 会 社 ア ル フ ァ」 are left in place by the caller;
* every mention's ``start``/``end`` index that raw text, and ``text[m.start:m.end] == m.text``;
* ``name`` is the full name as written, legal form included, normalised: full-width Latin and digits
  NFKC-folded, spaces inside Japanese and line breaks removed (spaces between Latin words kept);
* ``legal_form`` is the form as written (株式会社, ㈱, （株）, Inc., Co., Ltd. ...) or None;
* ``kind`` is one of company | university | government | association | research_institute |
  hospital | other;
* a name defined as an alias (X（以下「Y」）, X（Y） ...) and used bare later comes back as a mention
  of Y whose ``name`` is X's full name.

Names and legal forms are compared after NFKC and the removal of all whitespace, so ㈱ and (株),
「Co., Ltd.」 and 「Co.,Ltd.」 compare equal. Where the convention leaves room (a municipality with
or without its prefecture, ヴァゼム社 or ヴァゼム, a branch office or its company), a case lists
every acceptable name; where the kind of an organisation is genuinely open (a foundation, a
cooperative bank, a fund), it lists every acceptable kind. Every sentence here is written for these
tests; the organisations are invented or are not in the dev set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest

_WS = re.compile(r"\s+")


def _norm(s: str | None) -> str:
    """NFKC, then every whitespace character (spaces, U+3000 after NFKC, line breaks) removed."""
    return _WS.sub("", unicodedata.normalize("NFKC", s or ""))


@dataclass(frozen=True)
class Org:
    names: tuple[str, ...]  # acceptable names, the preferred one first
    legal_forms: tuple[str | None, ...]  # acceptable legal forms as written
    kinds: tuple[str, ...]  # acceptable kinds

    def __str__(self) -> str:
        return f"{self.names[0]} [{'/'.join(str(f) for f in self.legal_forms)}, {'/'.join(self.kinds)}]"


def org(
    names: str | tuple[str, ...],
    legal_form: str | None | tuple[str | None, ...],
    kind: str | tuple[str, ...],
) -> Org:
    return Org(
        names=(names,) if isinstance(names, str) else names,
        legal_forms=legal_form if isinstance(legal_form, tuple) else (legal_form,),
        kinds=(kind,) if isinstance(kind, str) else kind,
    )


CO = "company"
UNIV = "university"
GOV = "government"
ASSOC = "association"
RES = "research_institute"
HOSP = "hospital"
OTHER = "other"
# kinds that are genuinely open for these legal forms
FOUNDATION = (ASSOC, OTHER)
COOPERATIVE = (CO, ASSOC, OTHER)  # 信用金庫, 信用組合, 協同組合, 生活協同組合
FUND = (OTHER, CO)


def case(text: str, expected: list[Org], not_orgs: tuple[str, ...] = (), *, id: str) -> object:
    return pytest.param(text, expected, not_orgs, id=id)


CASES = [
    # --- Japanese company forms, before and after the name, and abbreviated ---------------------
    case(
        "株式会社サンライト工業（本社：大阪府堺市、代表取締役社長：森田 隆）は、本日、新たな物流拠点の"
        "開設を決定いたしました。",
        [org("株式会社サンライト工業", "株式会社", CO)],
        ("森田隆", "代表取締役社長", "本社"),
        id="kabushiki-kaisha-before-name-with-head-office-parenthesis",
    ),
    case(
        "本行は、五戸町、八戸市及び四日市市と協定を締結しており、県内三市町とも協議を進めています。",
        [org("五戸町", None, GOV), org("八戸市", None, GOV), org("四日市市", None, GOV)],
        ("三市町", "市町"),
        id="municipalities-whose-names-open-with-a-numeral-vs-a-count",
    ),
    case(
        "筑西市市民生活部防災危機管理課\n富士見町町長の立会いのもと、都市計画課と市場関係者が協議しました。",
        [org("筑西市", None, GOV), org("富士見町", None, GOV)],
        ("都市", "市場"),
        id="a-municipality-before-its-own-department-or-mayor",
    ),
    case(
        "締結先：株式会社いるまガス・入間ケーブルテレビ株式会社。当社は株式会社アオバとミドリ・テック株式会社と連携しています。",
        [org("株式会社いるまガス", "株式会社", CO), org("入間ケーブルテレビ株式会社", "株式会社", CO),
         org("株式会社アオバ", "株式会社", CO), org("ミドリ・テック株式会社", "株式会社", CO)],
        ("ガス・入間ケーブルテレビ株式会社",),
        id="two-companies-joined-by-a-middle-dot-each-with-its-legal-form",
    ),
    case(
        "本学は、韓国・ハヌル大学校及び台湾・国立東港科技大学と協定を締結しました。中国・四国地方の大学とも交流しています。",
        [org("ハヌル大学校", None, ("university",)), org("国立東港科技大学", None, ("university",))],
        ("韓国・ハヌル大学校", "台湾・国立東港科技大学", "ハヌル大学"),
        id="a-country-before-a-middle-dot-is-not-in-the-name-and-a-korean-daigakko",
    ),
    case(
        "同社はすでに宮崎県都城市とも同様の協定を結んでおり、JAひなたの福留 康弘組合長と錦江研究所長も出席した。",
        [org(("都城市", "宮崎県都城市"), None, GOV)],
        ("城市", "康弘組合", "錦江研究所"),
        id="a-city-whose-name-opens-with-to-and-the-head-of-an-organisation-is-a-person",
    ),
    case(
        "郡上市記者発表資料\n（学長：高村　英明）本学の高村学長と原村長が出席し、原村と協定を結んだ。",
        [org("郡上市", None, GOV), org("原村", None, GOV)],
        ("高村",),
        id="a-surname-ending-in-mura-before-a-given-name-or-title-and-a-city-before-its-press-paper",
    ),
    case(
        "当社は、北陸精密機器株式会社との間で、車載部品の共同調達を開始いたします。",
        [org("北陸精密機器株式会社", "株式会社", CO)],
        ("当社", "車載部品"),
        id="kabushiki-kaisha-after-name",
    ),
    case(
        "なお、国内での販売は㈱丸光商事が担当いたします。",
        [org("㈱丸光商事", "㈱", CO)],
        ("国内",),
        id="circled-kabu-before-name",
    ),
    case(
        "製造委託先である三陽エンジニアリング(株)と協議のうえ、量産開始時期を決定いたします。",
        [org("三陽エンジニアリング(株)", "(株)", CO)],
        ("製造委託先", "製造委託先である三陽エンジニアリング(株)"),
        id="halfwidth-paren-kabu-after-name-with-descriptor",
    ),
    case(
        "共同配送は、（株）ミナトロジスティクスの川崎倉庫を拠点として行います。",
        [org("（株）ミナトロジスティクス", "（株）", CO)],
        ("川崎倉庫",),
        id="fullwidth-paren-kabu-before-name",
    ),
    case(
        "引受先は北斗生命保険相互会社で、払込期日は来月末を予定しております。",
        [org("北斗生命保険相互会社", "相互会社", CO)],
        (),
        id="sogo-kaisha-mutual-company",
    ),
    case(
        "当社は、合同会社ブルーオーシャン・ラボ（本社：沖縄県那覇市）に出資いたしました。",
        [org("合同会社ブルーオーシャン・ラボ", "合同会社", CO)],
        ("当社",),
        id="godo-kaisha-with-nakaguro",
    ),
    case(
        "原料の国産小麦粉は、有限会社山田製麺所から調達いたします。",
        [org("有限会社山田製麺所", "有限会社", CO)],
        ("国産小麦粉",),
        id="yugen-kaisha-name-ending-in-sho",
    ),
    case(
        "株式会社先端分子研究所は、当社が全株式を保有する研究開発子会社です。",
        [org("株式会社先端分子研究所", "株式会社", CO)],
        ("研究開発子会社",),
        id="company-form-wins-over-research-head-noun",
    ),
    case(
        "決済口座は株式会社東海みらい銀行に開設いたします。",
        [org("株式会社東海みらい銀行", "株式会社", CO)],
        ("決済口座",),
        id="bank-with-legal-form",
    ),
    # --- other Japanese legal forms --------------------------------------------------------------
    case(
        "一般社団法人日本スマート農業推進協会（東京都千代田区）は、会員企業向けの実証事業を開始します。",
        [org("一般社団法人日本スマート農業推進協会", "一般社団法人", ASSOC)],
        ("会員企業",),
        id="ippan-shadan-hojin-association",
    ),
    case(
        "本事業は、公益財団法人みちのく産業振興財団の助成を受けて実施するものです。",
        [org("公益財団法人みちのく産業振興財団", "公益財団法人", FOUNDATION)],
        (),
        id="koeki-zaidan-hojin-foundation",
    ),
    case(
        "調査は公益社団法人日本看護協会の協力を得て、全国の訪問看護ステーションを対象に行いました。",
        [org("公益社団法人日本看護協会", "公益社団法人", ASSOC)],
        ("訪問看護ステーション",),
        id="koeki-shadan-hojin-association",
    ),
    case(
        "一般社団法人岡山経済同友会は、県内の大学生を対象とした起業講座を開講します。",
        [org("一般社団法人岡山経済同友会", "一般社団法人", ASSOC)],
        ("大学生",),
        id="keizai-doyukai",
    ),
    case(
        "本セミナーは、浜松商工会議所の会員企業を対象に開催いたします。",
        [org("浜松商工会議所", None, ASSOC)],
        ("会員企業",),
        id="chamber-of-commerce-without-legal-form",
    ),
    case(
        "本研究は、国立大学法人富山大学大学院医学薬学研究部との共同研究の成果です。",
        [org("国立大学法人富山大学大学院医学薬学研究部", "国立大学法人", UNIV)],
        (),
        id="kokuritsu-daigaku-hojin-with-graduate-school",
    ),
    case(
        "公立大学法人県立広島大学の研究グループが開発した技術を活用いたします。",
        [org("公立大学法人県立広島大学", "公立大学法人", UNIV)],
        ("研究グループ",),
        id="koritsu-daigaku-hojin",
    ),
    case(
        "学校法人瀬戸内医療大学と当社は、理学療法士の育成で協力してまいりました。",
        [org("学校法人瀬戸内医療大学", "学校法人", UNIV)],
        ("当社", "理学療法士"),
        id="gakko-hojin-university",
    ),
    case(
        "国立研究開発法人物質・材料研究機構が保有する特許を活用し、新たな断熱材を開発しました。",
        [org("国立研究開発法人物質・材料研究機構", "国立研究開発法人", RES)],
        ("断熱材",),
        id="kokuritsu-kenkyu-kaihatsu-hojin-with-nakaguro",
    ),
    case(
        "講師には、独立行政法人経済産業研究所のシニアフェローを迎えます。",
        [org("独立行政法人経済産業研究所", "独立行政法人", RES)],
        ("シニアフェロー",),
        id="dokuritsu-gyosei-hojin-research-institute",
    ),
    case(
        "寒冷地での実証は、地方独立行政法人北海道立総合研究機構と連携して行います。",
        [org("地方独立行政法人北海道立総合研究機構", "地方独立行政法人", RES)],
        ("寒冷地",),
        id="chiho-dokuritsu-gyosei-hojin",
    ),
    case(
        "公益財団法人京阪奈医科学研究所の研究チームは、新たなバイオマーカーを同定しました。",
        [org("公益財団法人京阪奈医科学研究所", "公益財団法人", (RES, ASSOC))],
        ("研究チーム", "バイオマーカー"),
        id="foundation-research-institute",
    ),
    case(
        "医療法人社団緑風会（東京都八王子市）が運営する3病院で実証を行います。",
        [org("医療法人社団緑風会", "医療法人社団", HOSP)],
        ("3病院",),
        id="iryo-hojin-shadan",
    ),
    case(
        "高齢者施設での試験運用は、社会福祉法人さくら福祉会の協力を得て実施しました。",
        [org("社会福祉法人さくら福祉会", "社会福祉法人", (OTHER, ASSOC))],
        ("高齢者施設",),
        id="shakai-fukushi-hojin",
    ),
    case(
        "本イベントは、特定非営利活動法人まちづくりサポートひろしまとの共催です。",
        [org("特定非営利活動法人まちづくりサポートひろしま", "特定非営利活動法人", (ASSOC, OTHER))],
        (),
        id="tokutei-hieiri-katsudo-hojin-npo",
    ),
    case(
        "湖東信用金庫と北央信用組合は、地域の創業支援で協力してまいります。",
        [
            org("湖東信用金庫", "信用金庫", COOPERATIVE),
            org("北央信用組合", "信用組合", COOPERATIVE),
        ],
        ("創業支援",),
        id="shinkin-and-shinyo-kumiai",
    ),
    case(
        "新潟県食品加工事業協同組合に加盟する12社が、共同で商品開発に取り組みます。",
        [org("新潟県食品加工事業協同組合", ("事業協同組合", "協同組合"), COOPERATIVE)],
        ("12社",),
        id="jigyo-kyodo-kumiai",
    ),
    case(
        "生活協同組合コープあおばの宅配サービスで、10月より取り扱いを開始します。",
        [org("生活協同組合コープあおば", "生活協同組合", COOPERATIVE)],
        ("宅配サービス",),
        id="seikatsu-kyodo-kumiai",
    ),
    case(
        "当社は、みらい創生１号投資事業有限責任組合を割当先とする第三者割当増資を実施いたします。",
        [org("みらい創生1号投資事業有限責任組合", "投資事業有限責任組合", FUND)],
        ("第三者割当", "第三者割当増資", "割当先", "当社"),
        id="investment-lps-fund-with-fullwidth-digit",
    ),
    # --- foreign legal forms ---------------------------------------------------------------------
    case(
        "米国のAurora Biologics, Inc.（本社：米国マサチューセッツ州）は、抗体医薬の開発企業です。",
        [org("Aurora Biologics, Inc.", "Inc.", CO)],
        ("米国", "マサチューセッツ州", "開発企業"),
        id="inc-with-comma",
    ),
    case(
        "中国のShenzhen Hengtai Electronics Co., Ltd.と合弁会社を設立いたします。",
        [org("Shenzhen Hengtai Electronics Co., Ltd.", "Co., Ltd.", CO)],
        ("中国", "合弁会社"),
        id="co-ltd",
    ),
    case(
        "当社は、シンガポールのStraits Agritech Pte. Ltd.に出資いたしました。",
        [org("Straits Agritech Pte. Ltd.", "Pte. Ltd.", CO)],
        ("シンガポール",),
        id="pte-ltd",
    ),
    case(
        "本製品には、ドイツのRheinwerk Sensorik GmbHが開発した圧力センサーを搭載しています。",
        [org("Rheinwerk Sensorik GmbH", "GmbH", CO)],
        ("ドイツ", "圧力センサー"),
        id="gmbh",
    ),
    case(
        "SLX-04は、スペインのLaboratorios Solara S.A.から導入した化合物です。",
        [org("Laboratorios Solara S.A.", "S.A.", CO)],
        ("スペイン", "SLX-04"),
        id="sociedad-anonima",
    ),
    case(
        "英国Northbridge Therapeutics plcとの提携により、欧州での臨床試験を開始します。",
        [org("Northbridge Therapeutics plc", "plc", CO)],
        ("英国", "英国Northbridge Therapeutics plc"),
        id="plc-glued-to-country-name",
    ),
    case(
        "スイスのAlpenmed AG及びその関連会社に対し、製造販売承認の取得を委託します。",
        [org("Alpenmed AG", "AG", CO)],
        ("スイス", "関連会社"),
        id="ag",
    ),
    case(
        "データ解析は、米国のBluefin Analytics LLC（ワシントン州シアトル）に委託しています。",
        [org("Bluefin Analytics LLC", "LLC", CO)],
        ("ワシントン州シアトル",),
        id="llc",
    ),
    case(
        "当社は、香港のHarbourview Capital Limitedが保有する株式の全部を取得いたします。",
        [org("Harbourview Capital Limited", "Limited", CO)],
        ("香港",),
        id="limited",
    ),
    case(
        "当社と台湾のPacific Lumina Corporationは、照明モジュールの合弁契約を締結しました。",
        [org("Pacific Lumina Corporation", "Corporation", CO)],
        ("台湾", "照明モジュール"),
        id="corporation",
    ),
    case(
        "欧州ではオランダのZeeland Aqua Systems B.V.を通じて販売いたします。",
        [org("Zeeland Aqua Systems B.V.", "B.V.", CO)],
        ("欧州", "オランダ"),
        id="besloten-vennootschap",
    ),
    case(
        "国内の保守業務は、Orbis Data Japan K.K.（東京都品川区）が担います。",
        [org("Orbis Data Japan K.K.", "K.K.", CO)],
        ("保守業務",),
        id="kk-romanised",
    ),
    case(
        "台湾の台灣精密光電股份有限公司が、新工場の建設を発表しました。",
        [org("台灣精密光電股份有限公司", "股份有限公司", CO)],
        ("台湾", "新工場"),
        id="gufen-youxian-gongsi",
    ),
    case(
        "製造は上海博遠医療器械有限公司（中国上海市）に委託いたします。",
        [org("上海博遠医療器械有限公司", "有限公司", CO)],
        (),
        id="youxian-gongsi",
    ),
    # --- universities, faculties, hospitals ------------------------------------------------------
    case(
        "西海大学医学部の研究チームと共同で、臨床研究を進めてまいります。",
        [org("西海大学医学部", None, UNIV)],
        ("研究チーム", "臨床研究"),
        id="university-faculty",
    ),
    case(
        "カリフォルニア大学デービス校の研究者も本プロジェクトに参加します。",
        [org("カリフォルニア大学デービス校", None, UNIV)],
        ("研究者", "本プロジェクト"),
        id="university-campus-ko",
    ),
    case(
        "岡山大学の中川 真一教授らの研究グループとの共同研究です。",
        [org("岡山大学", None, UNIV)],
        ("中川真一", "中川真一教授", "研究グループ"),
        id="university-with-professor-not-an-org",
    ),
    case(
        "湊市立総合病院の医師らが、献立の監修を担当しました。",
        [org("湊市立総合病院", None, HOSP)],
        ("湊市", "医師"),
        id="municipal-hospital-not-the-city",
    ),
    case(
        "東都大学医学部附属病院において、本年4月より臨床試験を開始します。",
        [org("東都大学医学部附属病院", None, HOSP)],
        ("臨床試験",),
        id="university-hospital",
    ),
    # --- government -----------------------------------------------------------------------------
    case(
        "当社は、静岡県掛川市と連携し、茶園の景観保全に取り組みます。",
        [org(("掛川市", "静岡県掛川市"), None, GOV)],
        ("茶園", "当社"),
        id="city-with-prefecture-before-it",
    ),
    case(
        "鹿児島県大島郡与論町と、島内の移動支援に関する協定を締結しました。",
        [org(("与論町", "大島郡与論町", "鹿児島県大島郡与論町"), None, GOV)],
        ("移動支援",),
        id="town-with-prefecture-and-district",
    ),
    case(
        "鳥取県は、県内企業のデジタル化を支援する補助制度を新設しました。",
        [org("鳥取県", None, GOV)],
        ("県内企業", "補助制度"),
        id="prefecture-as-subject",
    ),
    case(
        "本大会は、宮崎県教育委員会及び那覇市教育委員会の後援を受けて開催いたします。",
        [
            org("宮崎県教育委員会", None, GOV),
            org("那覇市教育委員会", None, GOV),
        ],
        ("本大会",),
        id="boards-of-education",
    ),
    case(
        "本事業は経済産業省の補助事業に採択されており、表示方法については消費者庁に確認しております。",
        [
            org("経済産業省", None, GOV),
            org("消費者庁", None, GOV),
        ],
        ("補助事業", "表示方法"),
        id="ministry-and-agency",
    ),
    case(
        "ベトナム計画投資省の担当者が来日し、工場を視察しました。",
        [org("ベトナム計画投資省", None, GOV)],
        ("担当者",),
        id="foreign-ministry",
    ),
    # --- name shapes: nakaguro, Latin, digits, long vowels, ampersand -----------------------------
    case(
        "ジャパン・メディカル・イノベーション株式会社は、遠隔診療システムを提供しています。",
        [org("ジャパン・メディカル・イノベーション株式会社", "株式会社", CO)],
        ("遠隔診療システム",),
        id="katakana-name-with-nakaguro",
    ),
    case(
        "ＳＫＹ　ＷＡＶＥ株式会社は、衛星通信サービスを提供しています。",
        [org("SKY WAVE株式会社", "株式会社", CO)],
        ("衛星通信サービス",),
        id="fullwidth-latin-name-with-ideographic-space",
    ),
    case(
        "株式会社4Dフロンティアの計測技術を導入いたしました。",
        [org("株式会社4Dフロンティア", "株式会社", CO)],
        ("計測技術",),
        id="name-starting-with-digit",
    ),
    case(
        "コーヨー電子株式会社は、基板実装工程の自動化を進めています。",
        [org("コーヨー電子株式会社", "株式会社", CO)],
        ("基板実装工程",),
        id="name-with-long-vowel-marks",
    ),
    case(
        "株式会社R&Dパートナーズと株式会社スポーツ＆ウェルネスが共同で運営します。",
        [
            org("株式会社R&Dパートナーズ", "株式会社", CO),
            org("株式会社スポーツ&ウェルネス", "株式会社", CO),
        ],
        (),
        id="names-with-ampersand-halfwidth-and-fullwidth",
    ),
    # --- layout: line breaks and letter-spacing in the raw text ----------------------------------
    case(
        "当社は、株式会\n社みどりバイオ（本社：京都府京都市）と、培養技術の共同開発を進めてまいりました。",
        [org("株式会社みどりバイオ", "株式会社", CO)],
        ("株式会", "社みどりバイオ"),
        id="line-break-inside-legal-form",
    ),
    case(
        "部品の調達先であるハヤテ精\n工株式会社との間で、長期供給契約を結んでおります。",
        [org("ハヤテ精工株式会社", "株式会社", CO)],
        ("ハヤテ精", "工株式会社"),
        id="line-break-inside-name",
    ),
    case(
        "会 社 名　株 式 会 社 ク ロ ー バ ー 電 機\n代表者名　代表取締役社長　三 好　達 也\n",
        [org("株式会社クローバー電機", "株式会社", CO)],
        ("会社名", "代表者名", "三好達也", "代表取締役社長"),
        id="letter-spaced-issuer-block",
    ),
    case(
        "東 洋 精 機 株 式 会 社\n\n新製品発売に関するお知らせ\n",
        [org("東洋精機株式会社", "株式会社", CO)],
        ("新製品",),
        id="letter-spaced-name-before-legal-form",
    ),
    # --- descriptive words in running text are not part of the name -----------------------------
    case(
        "ドイツのクラウゼン社が開発した検査装置を、国内で初めて導入いたします。",
        [org(("クラウゼン社", "クラウゼン"), None, CO)],
        ("ドイツ", "検査装置"),
        id="katakana-name-plus-sha",
    ),
    case(
        "当社は、英国の農業資材会社ハロウフィールド・リミテッドと協議を進めております。",
        [org("ハロウフィールド・リミテッド", ("リミテッド", "Limited"), CO)],
        ("農業資材会社", "英国の農業資材会社ハロウフィールド・リミテッド", "英国"),
        id="descriptor-noun-directly-before-name",
    ),
    case(
        "韓国企業であるハンビット社（本社：ソウル市）は、化粧品原料の製造を行っています。",
        [org(("ハンビット社", "ハンビット"), None, CO)],
        ("韓国企業", "韓国企業であるハンビット社", "化粧品原料"),
        id="descriptor-de-aru-before-name",
    ),
    case(
        "国内大手製薬会社の北辰製薬株式会社が、本剤の国内販売を担います。",
        [org("北辰製薬株式会社", "株式会社", CO)],
        ("大手製薬会社", "国内大手製薬会社", "国内大手製薬会社の北辰製薬株式会社"),
        id="descriptor-oote-no-before-name",
    ),
    case(
        "当社の連結子会社である株式会社ミライフーズは、冷凍食品の製造を行っております。",
        [org("株式会社ミライフーズ", "株式会社", CO)],
        ("当社", "連結子会社", "当社の連結子会社である株式会社ミライフーズ"),
        id="descriptor-subsidiary-before-name",
    ),
    case(
        "協定書には、北星運輸株式会社仙台支店の支店長が署名いたしました。",
        [org(("北星運輸株式会社", "北星運輸株式会社仙台支店"), "株式会社", CO)],
        ("支店長",),
        id="branch-office-signs-for-its-company",
    ),
    case(
        "株式会社ハルモニア、東邦ケミカル株式会社及び国立大学法人若狭工業大学の3者は、本日、"
        "連携協定を締結しました。",
        [
            org("株式会社ハルモニア", "株式会社", CO),
            org("東邦ケミカル株式会社", "株式会社", CO),
            org("国立大学法人若狭工業大学", "国立大学法人", UNIV),
        ],
        ("3者", "連携協定"),
        id="three-names-in-a-list",
    ),
    # --- things that are not organisations -------------------------------------------------------
    case(
        "（コード番号：7789　東証第一部）\n第三者割当による新株式の発行に関するお知らせ\n"
        "当社は、本社を東京都中央区日本橋本町へ移転いたします。",
        [],
        ("東証第一部", "第三者割当", "新株式", "日本橋", "日本橋本町", "当社", "コード番号"),
        id="stock-market-third-party-allotment-place-and-reference",
    ),
    case(
        "当社と同社は、新製品「ルミナクト錠」の共同販促を行います。両社の営業担当者が訪問します。",
        [],
        ("当社", "同社", "両社", "ルミナクト錠", "「ルミナクト錠」", "営業担当者"),
        id="references-and-product-name",
    ),
]


@pytest.fixture(scope="module")
def find_organizations() -> Callable[[str], list]:
    try:
        from mou_extract.orgs import find_organizations
    except ModuleNotFoundError as exc:  # the module is not written yet; anything else is a bug
        if exc.name != "mou_extract.orgs":
            raise
        pytest.skip("mou_extract.orgs does not exist yet")
    return find_organizations


def _show(mentions: list) -> str:
    return (
        "; ".join(f"{m.text!r}->{m.name!r} [{m.legal_form}, {m.kind}] @{m.start}" for m in mentions) or "none"
    )


def _check_offsets(text: str, mentions: list) -> None:
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text), f"offsets out of range: {m}"
        assert text[m.start : m.end] == m.text, f"text[{m.start}:{m.end}] != {m.text!r}"


def _assert_found(exp: Org, mentions: list, *, span_is_name: bool = True) -> None:
    names = {_norm(n) for n in exp.names}
    candidates = [m for m in mentions if _norm(m.name) in names]
    assert candidates, f"{exp} not found; got {_show(mentions)}"
    forms = {_norm(f) for f in exp.legal_forms}
    ok = [m for m in candidates if _norm(m.legal_form) in forms]
    assert ok, f"{exp}: legal_form {[m.legal_form for m in candidates]}"
    ok = [m for m in ok if m.kind in exp.kinds]
    assert ok, f"{exp}: kind {[m.kind for m in candidates]}"
    if span_is_name:
        # the span is the name itself: no descriptive words before it, nothing after it
        ok = [m for m in ok if _norm(m.text) in names]
        assert ok, f"{exp}: span {[m.text for m in candidates]}"


@pytest.mark.parametrize(("text", "expected", "not_orgs"), CASES)
def test_find_organizations(
    find_organizations: Callable[[str], list], text: str, expected: list[Org], not_orgs: tuple[str, ...]
) -> None:
    mentions = find_organizations(text)
    _check_offsets(text, mentions)
    for exp in expected:
        _assert_found(exp, mentions)
    for s in not_orgs:
        wrong = [m for m in mentions if _norm(m.name) == _norm(s)]
        assert not wrong, f"{s!r} is not an organisation name; got {_show(wrong)}"


# ``name`` itself is normalised: no line breaks, no spaces inside Japanese, full-width Latin folded.
NORMALISED_NAMES = [
    pytest.param(
        "当社は、株式会\n社みどりバイオと契約を結んでおります。", "株式会社みどりバイオ", id="line-break"
    ),
    pytest.param(
        "会 社 名　株 式 会 社 ク ロ ー バ ー 電 機\n", "株式会社クローバー電機", id="letter-spacing"
    ),
    pytest.param("ＳＫＹ　ＷＡＶＥ株式会社は、", "SKY WAVE株式会社", id="fullwidth-latin"),
    pytest.param(
        "みらい創生１号投資事業有限責任組合が", "みらい創生1号投資事業有限責任組合", id="fullwidth-digit"
    ),
    pytest.param("ドイツのRheinwerk Sensorik GmbHが", "Rheinwerk Sensorik GmbH", id="latin-spaces-kept"),
    pytest.param("輸出会社であるUva Crest Tea Exporters (Pvt) Ltd（以下", "Uva Crest Tea Exporters (Pvt) Ltd", id="latin-form-in-parentheses"),
    pytest.param("研究機関であるLaurentian Timber Innovation Centre（", "Laurentian Timber Innovation Centre", id="latin-head-centre"),
    pytest.param("両者が、それぞれ寒河江市とケベック市の拠点から", "寒河江市", id="adverb-before-a-name"),
    pytest.param("代表が、それぞれ株式会社アルファの本社で", "株式会社アルファ", id="adverb-before-a-legal-form"),
    pytest.param("州営機関である Agencia de Desarrollo Rural del Norte（", "Agencia de Desarrollo Rural del Norte", id="spanish-head-first"),
    pytest.param("代理店である Herramientas del Valle, S.A. de C.V.（以下", "Herramientas del Valle, S.A. de C.V.", id="mexican-form"),
    pytest.param("2024年3月には株式会社アカボシ文具とも商品化許諾契約を締結", "株式会社アカボシ文具", id="particle-read-as-suffix"),
    pytest.param("米沢市と置賜ひかり農業協同組合は、", "置賜ひかり農業協同組合", id="kana-word-read-as-a-given-name"),
    pytest.param("当社は、寧波東港精密機械股份有限公司（以下", "寧波東港精密機械股份有限公司", id="chinese-name-in-odd-pieces"),
]


@pytest.mark.parametrize(("text", "name"), NORMALISED_NAMES)
def test_name_is_normalised(find_organizations: Callable[[str], list], text: str, name: str) -> None:
    mentions = find_organizations(text)
    _check_offsets(text, mentions)
    assert name in [m.name for m in mentions], _show(mentions)


# Aliases: X（以下「Y」）and its variants define Y; a later bare Y is a mention of X.
# Each case gives the text, X's acceptable full names, and Y as written at its later use (the last
# occurrence of that string in the text).
ALIASES = [
    pytest.param(
        "株式会社北辰ファーマシューティカルズ（以下「北辰ファーマ」）は、本日、新薬の承認申請を行いました。"
        "北辰ファーマは、年内の承認取得を目指しております。",
        ("株式会社北辰ファーマシューティカルズ",),
        "北辰ファーマ",
        id="ika-kagikakko",
    ),
    pytest.param(
        "当社は、東洋グリーンエナジー株式会社（以下、「TGE」といいます。）と太陽光発電所を共同で保有して"
        "おります。発電所の運営はTGEが担います。",
        ("東洋グリーンエナジー株式会社",),
        "TGE",
        id="ika-toten-to-iimasu-latin",
    ),
    pytest.param(
        "南海精密工業股份有限公司（以下「南海精密」という。）は、台湾の精密部品メーカーです。当社は、"
        "南海精密に対し、技術指導を行ってまいりました。",
        ("南海精密工業股份有限公司",),
        "南海精密",
        id="ika-to-iu",
    ),
    pytest.param(
        "国立研究開発法人物質・材料研究機構（NIMS）と共同で、新たな触媒材料を開発しました。NIMSが有する"
        "計測設備を活用しています。",
        ("国立研究開発法人物質・材料研究機構",),
        "NIMS",
        id="paren-latin-acronym",
    ),
    pytest.param(
        "当社は、Helix Therapeutics Inc.（ヘリックス）との間で、導入品の開発を進めております。"
        "ヘリックスは、米国ボストンに本社を置くバイオ企業です。",
        ("Helix Therapeutics Inc.",),
        "ヘリックス",
        id="paren-katakana-reading",
    ),
    pytest.param(
        "一般社団法人日本ロボット実装推進協会（以下「JRIA」）は、本日、会員向けの指針を公表しました。"
        "JRIAの会員数は120社です。",
        ("一般社団法人日本ロボット実装推進協会",),
        "JRIA",
        id="ika-latin-association",
    ),
    pytest.param(
        "国立大学法人富山大学（以下「富山大学」）と当社は、薬用植物の栽培研究を行っております。"
        "栽培試験は富山大学の附属施設で行います。",
        ("国立大学法人富山大学",),
        "富山大学",
        id="ika-short-form-of-university",
    ),
    pytest.param(
        "株式会社ハーベストリンク（以下「ハーベスト」）は、農産物の流通事業を展開しています。今後、ハーベ\n"
        "ストの物流網を活用してまいります。",
        ("株式会社ハーベストリンク",),
        "ハーベ\nスト",
        id="alias-broken-by-line-break",
    ),
]


@pytest.mark.parametrize(("text", "full_names", "later"), ALIASES)
def test_alias_use_names_the_defined_organisation(
    find_organizations: Callable[[str], list], text: str, full_names: tuple[str, ...], later: str
) -> None:
    mentions = find_organizations(text)
    _check_offsets(text, mentions)
    start = text.rindex(later)
    at = [m for m in mentions if m.start == start and m.end == start + len(later)]
    assert at, f"no mention at the later use of {later!r}; got {_show(mentions)}"
    assert {_norm(m.name) for m in at} <= {_norm(n) for n in full_names}, _show(at)


# A parenthesis after a name is not always an alias: an address or a code defines nothing.
NOT_ALIASES = [
    pytest.param(
        "株式会社ベルテック（東京都港区）は、港区の子育て支援事業に協賛しております。",
        "港区",
        "株式会社ベルテック",
        id="address-in-parenthesis",
    ),
    pytest.param(
        "株式会社ベルテック（東証スタンダード）は、東証スタンダードへの市場変更を完了しました。",
        "東証スタンダード",
        "株式会社ベルテック",
        id="market-in-parenthesis",
    ),
    pytest.param(
        "ホオジロ信用金庫（理事長　片山　修）は、本日、協定を締結しました。片山　修が署名しました。",
        "片山　修",
        "ホオジロ信用金庫",
        id="the-head-of-the-organisation-in-parenthesis",
    ),
]


@pytest.mark.parametrize(("text", "later", "not_name"), NOT_ALIASES)
def test_parenthesis_that_is_not_an_alias(
    find_organizations: Callable[[str], list], text: str, later: str, not_name: str
) -> None:
    mentions = find_organizations(text)
    _check_offsets(text, mentions)
    start = text.rindex(later)
    wrong = [m for m in mentions if m.start <= start < m.end and _norm(m.name) == _norm(not_name)]
    assert not wrong, f"{later!r} was read as an alias of {not_name}: {_show(wrong)}"
