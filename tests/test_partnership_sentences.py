"""Table-driven tests for ``mou_extract.api.extract_text`` on short releases.

Each case is a short release written for these tests (a date line, an addressee, an issuer, a
headline and one to three body paragraphs) and the partnership records a perfect extractor returns,
written by hand under /work/shared/eval/GOLD_FORMAT.md:

* ``parties``: each party a tuple of acceptable names (full name as written first, then aliases);
  an unnamed party is ``("<unnamed>",)``;
* ``agreement_type``: from the head noun of the agreement phrase (the last agreement noun); a bare
  契約 takes its type from what it grants;
* ``signed_on``: ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` at the precision the text gives, or None;
  本日 is the release date, 同日付 the date just before it, a year-less date takes the release's
  year unless the tense contradicts it;
* ``role``: ``announced`` (concluded or scheduled for a stated date, and news of this release) or
  ``prior`` (already in place, concluded earlier, or ended by this release).

For every expected record exactly one predicted record must match it (same role, type and date;
parties matched one to one by name as in score.py's lenient match), and no predicted announced
record may be left over. Extra prior records are not checked here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from mou_extract.evaluation import UNNAMED, parties_match, party_names, value_of_date

# --- the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rec:
    parties: tuple[tuple[str, ...], ...]
    agreement_type: str
    signed_on: str | None
    role: str

    def __str__(self) -> str:
        names = " + ".join(p[0] for p in self.parties)
        return f"{self.role} {self.agreement_type} {self.signed_on} [{names}]"


def rec(parties: list[tuple[str, ...]], agreement_type: str, signed_on: str | None, role: str) -> Rec:
    return Rec(tuple(parties), agreement_type, signed_on, role)


def release(date: str | None, issuer: str, headline: str, *body: str, addressee: str = "各　位") -> str:
    """A release as it reads after text extraction: date line, addressee, issuer, headline, body."""
    lines = [" " * 44 + date] if date else []
    lines += [addressee, *(" " * 30 + line for line in issuer.split("\n")), "", "　　" + headline, ""]
    lines += body
    return "\n".join(lines) + "\n"


def case(text: str, expected: list[Rec], published_on: str | None = None, *, id: str) -> object:
    return pytest.param(text, published_on, expected, id=id)


ANN, PRIOR = "announced", "prior"

SOLARIS = ("株式会社ソラリス・エナジー", "当社")
MEDINOTES = ("株式会社メディノーツ", "当社")
CARELINKS = ("株式会社ケアリンクス", "ケアリンクス")
SHONAN = ("湘南保健大学", "本学")
TOKAI_TECH = ("国立大学法人東海先端技術大学", "東海先端技術大学", "本学")

CASES = [
    case(
        release(
            "2022年6月1日",
            "株式会社ソラリス・エナジー",
            "長崎県五島市と「ゼロカーボンシティ実現に向けた連携に関する覚書」を締結",
            "　株式会社ソラリス・エナジー（本社：東京都港区、代表取締役社長：川島 亮、以下「当社」）は、本日、"
            "長崎県五島市と「ゼロカーボンシティ実現に向けた連携に関する覚書」を締結しましたので、お知らせいたします。",
            "　本覚書に基づき、当社と五島市は、再生可能エネルギーの地産地消モデルの構築に向けて協力してまいります。",
            addressee="報道関係各位",
        ),
        [rec([SOLARIS, ("五島市", "長崎県五島市")], "mou", "2022-06-01", ANN)],
        id="mou-honjitsu-with-city",
    ),
    case(
        release(
            "2023年2月14日",
            "会 社 名　株式会社メディノーツ\n代表者名　代表取締役社長　藤本 誠\n（コード番号：4498　東証グロース）",
            "株式会社ケアリンクスとの資本業務提携に関するお知らせ",
            "　当社は、本日開催の取締役会において、株式会社ケアリンクス（以下「ケアリンクス」）との間で資本業務提携"
            "契約を締結することを決議し、同日付で締結いたしましたので、お知らせいたします。",
            "　当社とケアリンクスは、2020年10月に業務提携契約を締結しており、訪問看護事業における人材育成で協力"
            "してまいりました。",
        ),
        [
            rec([MEDINOTES, CARELINKS], "capital_alliance", "2023-02-14", ANN),
            rec([MEDINOTES, CARELINKS], "business_alliance", "2020-10", PRIOR),
        ],
        id="capital-alliance-doujitsuzuke-and-prior-shiteori",
    ),
    case(
        release(
            "2021年11月10日",
            "会 社 名　大和オプトロニクス株式会社\n代表者名　代表取締役社長　石原 聡",
            "株式会社ノースピーク・インダストリーズとの業務提携契約締結に関するお知らせ",
            "　当社は、2021年11月10日開催の取締役会において、株式会社ノースピーク・インダストリーズ（以下「ノース"
            "ピーク」）との間で業務提携契約を締結することを決議いたしましたので、下記のとおりお知らせいたします。",
            "",
            "記",
            "１．日程",
            "（１）取締役会決議日　　2021年11月10日",
            "（２）契約締結日　　　　2021年11月24日（予定）",
            "（３）業務提携開始日　　2021年12月1日（予定）",
        ),
        [
            rec(
                [
                    ("大和オプトロニクス株式会社", "当社"),
                    ("株式会社ノースピーク・インダストリーズ", "ノースピーク"),
                ],
                "business_alliance",
                "2021-11-24",
                ANN,
            )
        ],
        id="board-resolution-signing-date-in-schedule-block",
    ),
    case(
        release(
            "2019年12月20日",
            "株式会社テクノサーブ北陸",
            "米国Bluefin Robotics LLCとの販売代理店契約締結に関するお知らせ",
            "　当社は、米国のBluefin Robotics LLC（以下「ブルーフィン社」）との間で、同社製協働ロボットの日本国内"
            "における販売代理店契約を1月15日付で締結する予定ですので、お知らせいたします。",
        ),
        [
            rec(
                [
                    ("株式会社テクノサーブ北陸", "当社"),
                    ("Bluefin Robotics LLC", "ブルーフィン社", "ブルーフィン"),
                ],
                "distribution",
                "2020-01-15",
                ANN,
            )
        ],
        id="scheduled-yearless-date-falls-in-next-year",
    ),
    case(
        release(
            "2018年1月10日",
            "株式会社キノファーマ",
            "Veritas Bioscience GmbHとのライセンス契約締結に関するお知らせ",
            "　当社は、12月25日、Veritas Bioscience GmbH（本社：ドイツ・ミュンヘン、以下「ヴェリタス社」）との間で、"
            "当社が創製した抗線維化薬候補KP-201の欧州における開発及び販売に関するライセンス契約を締結いたしました"
            "ので、お知らせいたします。",
        ),
        [
            rec(
                [("株式会社キノファーマ", "当社"), ("Veritas Bioscience GmbH", "ヴェリタス社", "ヴェリタス")],
                "license",
                "2017-12-25",
                ANN,
            )
        ],
        id="completed-yearless-date-falls-in-previous-year",
    ),
    case(
        release(
            "2024年7月3日",
            "湘南保健大学",
            "神奈川県茅ヶ崎市と包括連携協定を締結しました",
            "　湘南保健大学（以下「本学」）は、7月1日、神奈川県茅ヶ崎市と包括連携協定を締結しました。保健・医療・"
            "福祉分野の人材育成や、市民の健康づくりなどで連携してまいります。",
            "　本学はこれまでに、寒川町及び株式会社湘南グリーンフーズと包括連携協定を締結しており、今回の協定は"
            "3件目となります。",
            addressee="報道関係者各位",
        ),
        [
            rec([SHONAN, ("茅ヶ崎市", "神奈川県茅ヶ崎市")], "partnership_agreement", "2024-07-01", ANN),
            rec([SHONAN, ("寒川町",)], "partnership_agreement", None, PRIOR),
            rec(
                [SHONAN, ("株式会社湘南グリーンフーズ", "湘南グリーンフーズ")],
                "partnership_agreement",
                None,
                PRIOR,
            ),
        ],
        id="koremadeni-list-of-prior-partners",
    ),
    case(
        release(
            "2021年10月5日",
            "国立大学法人東海先端技術大学",
            "静岡県磐田市と「地域産業の振興に関する連携協定」を締結",
            "　国立大学法人東海先端技術大学（以下「本学」）は、本日、静岡県磐田市と「地域産業の振興に関する連携協定」"
            "を締結しました。",
            "　2018年の静岡県、2020年の袋井市との協定に続き、本協定は本学にとって県内自治体との3件目の協定となり"
            "ます。",
        ),
        [
            rec([TOKAI_TECH, ("磐田市", "静岡県磐田市")], "partnership_agreement", "2021-10-05", ANN),
            rec([TOKAI_TECH, ("静岡県",)], "partnership_agreement", "2018", PRIOR),
            rec([TOKAI_TECH, ("袋井市",)], "partnership_agreement", "2020", PRIOR),
        ],
        id="ni-tsuzuki-prior-agreements-with-years",
    ),
    case(
        release(
            "2024年3月12日",
            "会 社 名　株式会社ヤマブキ化成\n代表者名　代表取締役社長　小野寺 徹",
            "東亜ポリマー株式会社との資本業務提携に関する基本合意書締結のお知らせ",
            "　当社は、本日開催の取締役会において、東亜ポリマー株式会社（以下「東亜ポリマー」）との間で資本業務提携"
            "に関する基本合意書を締結することを決議し、同日付で締結いたしました。",
            "　なお、資本業務提携の具体的な内容につきましては、今後両社で協議のうえ、最終契約において定める予定です。",
        ),
        [
            rec(
                [("株式会社ヤマブキ化成", "当社"), ("東亜ポリマー株式会社", "東亜ポリマー")],
                "basic_agreement",
                "2024-03-12",
                ANN,
            )
        ],
        id="kihon-goisho-on-capital-alliance-is-basic-agreement",
    ),
    case(
        release(
            "2024年4月8日",
            "越後グリーンケミカル株式会社",
            "国立大学法人北越大学との共同研究契約締結のお知らせ",
            "　越後グリーンケミカル株式会社（以下「当社」）は、国立大学法人北越大学（以下「北越大学」）と、植物由来"
            "プラスチックの分解技術に関する共同研究契約を2024年4月1日付で締結いたしました。",
        ),
        [
            rec(
                [("越後グリーンケミカル株式会社", "当社"), ("国立大学法人北越大学", "北越大学")],
                "joint_research",
                "2024-04-01",
                ANN,
            )
        ],
        id="joint-research-dated-tsuke",
    ),
    case(
        release(
            "2023年6月20日",
            "株式会社ナノフィルテック",
            "国立研究開発法人海洋環境技術研究機構との特許実施許諾契約締結のお知らせ",
            "　当社は、本日、国立研究開発法人海洋環境技術研究機構（以下「海環研」）との間で、同機構が保有する微細"
            "気泡生成技術に関する特許の実施許諾契約を締結いたしました。",
            "　本契約により、当社は同技術を用いた水質浄化装置を製造・販売することが可能となります。",
        ),
        [
            rec(
                [("株式会社ナノフィルテック", "当社"), ("国立研究開発法人海洋環境技術研究機構", "海環研")],
                "license",
                "2023-06-20",
                ANN,
            )
        ],
        id="jisshi-kyodaku-is-license",
    ),
    case(
        release(
            "2022年10月3日",
            "会 社 名　アサヒナ製薬株式会社\n代表者名　代表取締役社長　浅井 啓介",
            "Hanbit Pharm Co., Ltd.との共同開発契約締結に関するお知らせ",
            "　当社は、2022年9月30日開催の取締役会において、韓国のHanbit Pharm Co., Ltd.（以下「ハンビット製薬」）"
            "との間で、高血圧症治療配合剤の共同開発契約を締結することを決議し、同日付で締結いたしました。",
        ),
        [
            rec(
                [("アサヒナ製薬株式会社", "当社"), ("Hanbit Pharm Co., Ltd.", "ハンビット製薬")],
                "joint_development",
                "2022-09-30",
                ANN,
            )
        ],
        id="joint-development-doujitsuzuke-is-board-date-not-release-date",
    ),
    case(
        release(
            "2023年5月24日",
            "株式会社メディカルブリッジ",
            "Farmaceutici Lucani S.p.A.との契約締結に関するお知らせ",
            "　当社は、イタリアのFarmaceutici Lucani S.p.A.（以下「ルカーニ社」）との間で、同社が開発した皮膚外用剤"
            "の日本国内における独占販売権を当社に付与する契約を、2023年5月22日付で締結いたしました。",
        ),
        [
            rec(
                [
                    ("株式会社メディカルブリッジ", "当社"),
                    ("Farmaceutici Lucani S.p.A.", "ルカーニ社", "ルカーニ"),
                ],
                "distribution",
                "2023-05-22",
                ANN,
            )
        ],
        id="bare-contract-granting-exclusive-sales-rights-is-distribution",
    ),
    case(
        release(
            "令和5年11月2日",
            "宇和島市",
            "株式会社四国みらい銀行との包括連携協定の締結について",
            "　宇和島市は、本日、株式会社四国みらい銀行と「地域活性化に関する包括連携協定」を締結しました。",
            "　本協定に基づき、市と同行は、創業支援や観光振興など幅広い分野で連携してまいります。",
            addressee="報道機関各位",
        ),
        [
            rec(
                [("宇和島市", "本市"), ("株式会社四国みらい銀行", "四国みらい銀行")],
                "partnership_agreement",
                "2023-11-02",
                ANN,
            )
        ],
        id="houkatsu-renkei-kyotei-municipal-issuer-era-date-line",
    ),
    case(
        release(
            "2025年2月27日",
            "東和エンジニアリング株式会社",
            "インドネシアPT Nusantara Energi HijauとのMOU締結について",
            "　当社は、2月20日、インドネシアのPT Nusantara Energi Hijau（以下「NEH社」）と、バイオマス発電事業の"
            "共同検討に関するMOUを締結しました。",
            "　今後、両社は東カリマンタン州における事業化調査を共同で実施いたします。",
        ),
        [
            rec(
                [("東和エンジニアリング株式会社", "当社"), ("PT Nusantara Energi Hijau", "NEH社", "NEH")],
                "mou",
                "2025-02-20",
                ANN,
            )
        ],
        id="latin-MOU-about-joint-study-is-mou",
    ),
    case(
        release(
            "2023年9月14日",
            "国土交通省",
            "タイ王国運輸省との都市鉄道分野における協力覚書（MoC）の締結について",
            "　国土交通省は、9月12日、タイ王国運輸省との間で、都市鉄道分野における協力に関するMoCを締結しました。",
            addressee="報道発表資料",
        ),
        [rec([("国土交通省",), ("タイ王国運輸省", "タイ運輸省")], "mou", "2023-09-12", ANN)],
        id="MoC-between-ministries",
    ),
    case(
        release(
            "2023年4月26日",
            "株式会社ハルモニア",
            "小浜市、若狭工業大学と「海洋プラスチックごみ削減に向けた連携協定」を締結",
            "　株式会社ハルモニア（以下「当社」）、国立大学法人若狭工業大学及び福井県小浜市の三者は、本日、「海洋"
            "プラスチックごみ削減に向けた連携協定」を締結しました。",
        ),
        [
            rec(
                [
                    ("株式会社ハルモニア", "当社"),
                    ("国立大学法人若狭工業大学", "若狭工業大学"),
                    ("小浜市", "福井県小浜市"),
                ],
                "partnership_agreement",
                "2023-04-26",
                ANN,
            )
        ],
        id="three-party-agreement-is-one-record",
    ),
    case(
        release(
            "2022年12月1日",
            "株式会社ルミナメディカル",
            "販売代理店契約締結のお知らせ",
            "　当社は、本日、九州メディカルサプライ株式会社及び東北医療器販売株式会社との間で、当社製内視鏡洗浄装置"
            "の販売代理店契約をそれぞれ締結いたしました。",
            "　これにより、九州地区及び東北地区における販売体制を強化してまいります。",
        ),
        [
            rec(
                [("株式会社ルミナメディカル", "当社"), ("九州メディカルサプライ株式会社",)],
                "distribution",
                "2022-12-01",
                ANN,
            ),
            rec(
                [("株式会社ルミナメディカル", "当社"), ("東北医療器販売株式会社",)],
                "distribution",
                "2022-12-01",
                ANN,
            ),
        ],
        id="sorezore-one-record-per-counterpart",
    ),
    case(
        release(
            "2020年8月25日",
            "会 社 名　ミネルヴァホールディングス株式会社\n代表者名　代表取締役社長　長尾 浩一",
            "当社子会社による共同研究契約締結のお知らせ",
            "　当社の連結子会社である株式会社ミネルヴァ創薬（以下「ミネルヴァ創薬」）は、本日、学校法人瀬戸内医療\n"
            "大学との間で、難治性てんかんの新規治療標的に関する共同研究契約を締結いたしましたので、お知らせいたし"
            "ます。",
        ),
        [
            rec(
                [("株式会社ミネルヴァ創薬", "ミネルヴァ創薬"), ("学校法人瀬戸内医療大学", "瀬戸内医療大学")],
                "joint_research",
                "2020-08-25",
                ANN,
            )
        ],
        id="subsidiary-signs-issuer-not-a-party",
    ),
    case(
        release(
            "2024年9月2日",
            "株式会社トーホク冷熱",
            "株式会社ミツバ冷機との業務提携に向けた協議開始に関するお知らせ",
            "　当社は、本日開催の取締役会において、株式会社ミツバ冷機との業務提携に向けた協議を開始することを決議"
            "いたしましたので、お知らせいたします。",
            "　提携の具体的な範囲は、両社で協議を重ねたうえで決め、決まり次第改めてお知らせいたします。",
        ),
        [],
        id="kyogi-kaishi-is-no-partnership",
    ),
    case(
        release(
            "2025年5月16日",
            "株式会社アオバ物流",
            "株式会社セントラルフーズとの資本業務提携の検討開始に関するお知らせ",
            "　当社と株式会社セントラルフーズは、本日、物流拠点の共同利用を含む資本業務提携の検討を開始することで"
            "合意いたしました。",
            "　今後、両社で検討を進め、2025年12月を目途に最終的な判断を行う予定です。",
        ),
        [],
        id="agreeing-to-start-kento-is-no-partnership",
    ),
    case(
        release(
            "2023年7月10日",
            "株式会社しまなみ交通",
            "今治市との連携協定の締結に向けた調整について",
            "　当社は、愛媛県今治市と観光振興に関する連携協定を締結する方向で調整を進めております。協定の締結時期"
            "につきましては、決定次第お知らせいたします。",
        ),
        [],
        id="planned-agreement-without-date-is-no-partnership",
    ),
    case(
        release(
            "2019年5月15日",
            "会 社 名　日本ファインツール株式会社\n代表者名　代表取締役社長　村井 俊彦",
            "株式会社サカエ精機との資本業務提携の解消に関するお知らせ",
            "　当社は、本日開催の取締役会において、2017年3月24日に締結した株式会社サカエ精機（以下「サカエ精機」）"
            "との資本業務提携契約を解消することを決議いたしましたので、お知らせいたします。",
        ),
        [
            rec(
                [("日本ファインツール株式会社", "当社"), ("株式会社サカエ精機", "サカエ精機")],
                "capital_alliance",
                "2017-03-24",
                PRIOR,
            )
        ],
        id="kaisho-termination-announces-nothing-agreement-is-prior",
    ),
    case(
        release(
            "2021年2月8日",
            "株式会社イムノアーク",
            "抗体作製技術に関するライセンス契約締結のお知らせ",
            "　当社は、国内の大手製薬会社との間で、当社が保有する抗体作製技術に関するライセンス契約を締結いたし"
            "ましたので、お知らせいたします。",
            "　なお、契約の相手先及び契約金額につきましては、相手先の意向により開示を控えさせていただきます。",
        ),
        [rec([("株式会社イムノアーク", "当社"), (UNNAMED,)], "license", None, ANN)],
        id="unnamed-counterparty-and-no-signing-date",
    ),
    case(
        release(
            "2024年3月21日",
            "株式会社ハクト電装",
            "公立大学法人北上理工大学と共同研究の実施に関する覚書を締結",
            "　株式会社ハクト電装（以下「当社」）と公立大学法人北上理工大学は、3月18日、車載用全固体電池の劣化診断"
            "技術に関する共同研究の実施に関する覚書を締結しました。",
        ),
        [
            rec(
                [("株式会社ハクト電装", "当社"), ("公立大学法人北上理工大学", "北上理工大学")],
                "mou",
                "2024-03-18",
                ANN,
            )
        ],
        id="oboegaki-on-joint-research-is-mou",
    ),
    case(
        release(
            "2025年2月3日",
            "株式会社ふるさと旅行社",
            "株式会社中央みらい証券との包括業務提携契約の締結について",
            "　当社は、株式会社中央みらい証券（以下「中央みらい証券」）との間で、2025年1月31日付で包括業務提携契約"
            "を締結いたしましたので、お知らせいたします。",
        ),
        [
            rec(
                [("株式会社ふるさと旅行社", "当社"), ("株式会社中央みらい証券", "中央みらい証券")],
                "business_alliance",
                "2025-01-31",
                ANN,
            )
        ],
        id="houkatsu-gyomu-teikei-is-business-alliance",
    ),
    case(
        release(
            None,
            "那珂川市",
            "学校法人九州みらい学園との包括連携協定の締結について",
            "　那珂川市は、本日、学校法人九州みらい学園と包括連携協定を締結しました。教育、文化、まちづくりなどの"
            "分野で相互に協力してまいります。",
            addressee="報道機関各位",
        ),
        [
            rec(
                [("那珂川市", "本市"), ("学校法人九州みらい学園", "九州みらい学園")],
                "partnership_agreement",
                "2025-04-15",
                ANN,
            )
        ],
        published_on="2025-04-15",
        id="honjitsu-from-published-on-argument",
    ),
    case(
        release(
            "令和6年3月15日",
            "安曇野市",
            "株式会社さくらデータ研究所との連携協定の締結について",
            "　安曇野市と株式会社さくらデータ研究所は、データ利活用による地域課題の解決に向けて、連携協定を締結する"
            "こととなりましたので、お知らせします。",
            "",
            "１．締結日　　令和6年4月1日（月）（予定）",
            "２．締結場所　安曇野市役所",
            addressee="報道機関各位",
        ),
        [
            rec(
                [("安曇野市", "本市"), ("株式会社さくらデータ研究所", "さくらデータ研究所")],
                "partnership_agreement",
                "2024-04-01",
                ANN,
            )
        ],
        id="scheduled-era-date-yotei-in-list",
    ),
    case(
        release(
            "2019年9月10日",
            "北洋マリンテック株式会社",
            "Nordlys Marine ASとの共同研究開発契約締結のお知らせ",
            "　当社は、本日、ノルウェーのNordlys Marine AS（以下「ノルリス社」）との間で、養殖用自動給餌システムに"
            "関する共同研究開発契約を締結いたしました。",
            "　当社とノルリス社は、2016年5月に締結した覚書に基づき、技術交流を進めてまいりました。",
        ),
        [
            rec(
                [("北洋マリンテック株式会社", "当社"), ("Nordlys Marine AS", "ノルリス社", "ノルリス")],
                "joint_research",
                "2019-09-10",
                ANN,
            ),
            rec(
                [("北洋マリンテック株式会社", "当社"), ("Nordlys Marine AS", "ノルリス社", "ノルリス")],
                "mou",
                "2016-05",
                PRIOR,
            ),
        ],
        id="joint-research-development-and-prior-mou-month-precision",
    ),
    case(
        release(
            "2018年9月4日",
            "東都大学",
            "シンガポール国立大学デザイン・環境学部と学術交流に関する覚書を締結",
            "　東都大学工学部は、8月28日、シンガポール国立大学デザイン・環境学部と学術交流に関する"
            "覚書を締結しました。",
            addressee="報道関係者各位",
        ),
        [
            rec(
                [
                    ("東都大学工学部", "東都大学", "本学"),
                    ("シンガポール国立大学デザイン・環境学部", "シンガポール国立大学"),
                ],
                "mou",
                "2018-08-28",
                ANN,
            )
        ],
        id="faculty-level-mou-yearless-date",
    ),
    case(
        release(
            "2026年2月3日",
            "株式会社ハマナス珈琲",
            "ケニアのコーヒー輸出会社と販売代理店契約を締結",
            "　株式会社ハマナス珈琲（以下「当社」）は、Rift Valley Coffee Traders (Pvt) Ltd（以下「リフトバレー社」）"
            "と、同社のコーヒー豆の国内における販売代理店契約を締結しました。",
            "　本契約は、ナイロビで開催された見本市の会期中の12月9日（火）、会場において両社の代表者が調印したものです。",
        ),
        [rec([("株式会社ハマナス珈琲", "当社"), ("Rift Valley Coffee Traders (Pvt) Ltd", "リフトバレー社")], "distribution", "2025-12-09", ANN)],
        id="latin-form-in-parentheses-and-date-told-of-this-agreement",
    ),
    case(
        release(
            "2025年6月2日",
            "株式会社ミズナラ・スポーツ",
            "スパ施設を運営する株式会社カエデ温泉と業務提携を開始しました",
            "　株式会社ミズナラ・スポーツ（以下「当社」）は、本日より、株式会社カエデ温泉（以下「カエデ温泉」）と、"
            "会員の相互利用に関する業務提携を開始しました。",
        ),
        [rec([("株式会社ミズナラ・スポーツ", "当社"), ("株式会社カエデ温泉", "カエデ温泉")], "business_alliance", "2025-06-02", ANN)],
        id="alliance-started-today",
    ),
    case(
        release(
            "2025年8月8日",
            "株式会社クヌギ精工",
            "（訂正）「株式会社ナラ電子との業務提携に関するお知らせ」の一部訂正について",
            "　当社が2025年8月5日に公表いたしました「株式会社ナラ電子との業務提携に関するお知らせ」の記載内容に一部誤りが"
            "ありましたので、下記のとおり訂正いたします。",
            "（訂正前）",
            "　当社は、2025年8月5日付で、株式会社ナラ電子との間で業務提携契約を締結いたしました。",
            "（訂正後）",
            "　当社は、2025年8月4日付で、株式会社ナラ電子との間で業務提携契約を締結いたしました。",
        ),
        [rec([("株式会社クヌギ精工", "当社"), ("株式会社ナラ電子",)], "business_alliance", "2025-08-04", PRIOR)],
        id="correction-notice-keeps-only-the-corrected-agreement-as-prior",
    ),
    case(
        release(
            "2025年3月3日",
            "株式会社クロガネ葬祭",
            "サクラ生命保険相互会社と業務提携契約を締結",
            "　千葉県と茨城県南部で葬祭会館を運営する株式会社クロガネ葬祭（以下「当社」）は、本日、サクラ生命保険相互会社"
            "（以下「サクラ生命」）と、業務提携契約を締結いたしました。",
            "　調印式では、両社の代表が、それぞれ千葉市と水戸市の拠点から画面越しに署名しました。",
        ),
        [rec([("株式会社クロガネ葬祭", "当社"), ("サクラ生命保険相互会社", "サクラ生命")], "business_alliance", "2025-03-03", ANN)],
        id="places-where-the-parties-act-are-not-parties",
    ),
    case(
        release(
            "2025年10月8日",
            "北浜電鉄株式会社",
            "2件の業務提携・連携協定を締結",
            "　北浜電鉄株式会社（以下「当社」）は、9月26日（金）に株式会社ツツジ・サイクル（以下「ツツジ・サイクル」）と"
            "業務提携契約を、10月3日（金）に北浜文化大学と「沿線地域の活性化に関する連携協定」を、それぞれ締結しました"
            "のでお知らせします。",
        ),
        [
            rec([("北浜電鉄株式会社", "当社"), ("株式会社ツツジ・サイクル", "ツツジ・サイクル")], "business_alliance", "2025-09-26", ANN),
            rec([("北浜電鉄株式会社", "当社"), ("北浜文化大学",)], "partnership_agreement", "2025-10-03", ANN),
        ],
        id="two-agreements-each-with-its-own-partner-and-date",
    ),
    case(
        release(
            "2025年12月19日",
            "株式会社アオイ印刷\nミドリ紙業株式会社",
            "経営統合に関する基本合意書の締結について",
            "　株式会社アオイ印刷（以下「アオイ印刷」）とミドリ紙業株式会社（以下「ミドリ紙業」）は、共同株式移転の方法に"
            "より両社の完全親会社となる共同持株会社を設立することについて、本日、経営統合に関する基本合意書を締結いたしました。",
            "",
            "３．本経営統合の日程",
            "　基本合意書締結（両社）　　　　　　　　　2025年12月19日",
            "　統合契約締結及び株式移転計画作成　　　　2026年5月中旬（予定）",
            "　臨時株主総会（両社）　　　　　　　　　　2026年8月下旬（予定）",
        ),
        [
            rec([("株式会社アオイ印刷", "アオイ印刷"), ("ミドリ紙業株式会社", "ミドリ紙業")], "basic_agreement", "2025-12-19", ANN),
            rec([("株式会社アオイ印刷", "アオイ印刷"), ("ミドリ紙業株式会社", "ミドリ紙業")], "other", "2026-05", ANN),
        ],
        id="further-agreement-scheduled-in-the-timetable",
    ),
    case(
        release(
            "令和7年1月22日",
            "長野県企画振興部地域振興課",
            "株式会社ヒバリ商事との包括連携協定の締結について",
            "　長野県と株式会社ヒバリ商事（以下「ヒバリ商事」）は、本日、包括連携協定を締結しました。",
            "",
            "３　本県の包括連携協定の締結状況",
            "　　締結年月　　　　　相手先",
            "　　平成28年11月　　　カラマツ生命保険相互会社",
            "　　令和3年2月　　　　信州運輸株式会社",
            "　　令和7年1月　　　　株式会社ヒバリ商事（今回）",
            "",
        ),
        [
            rec([("長野県", "本県"), ("株式会社ヒバリ商事", "ヒバリ商事")], "partnership_agreement", "2025-01-22", ANN),
            rec([("長野県", "本県"), ("カラマツ生命保険相互会社",)], "partnership_agreement", "2016-11", PRIOR),
            rec([("長野県", "本県"), ("信州運輸株式会社",)], "partnership_agreement", "2021-02", PRIOR),
        ],
        id="prefecture-department-issuer-and-table-of-earlier-partners",
    ),
    case(
        release(
            "2026年1月20日",
            "国立大学法人南海教育大学",
            "高知県教育委員会との連携協定締結式の開催について（取材のご案内）",
            "　国立大学法人南海教育大学（以下「本学」）と高知県教育委員会は、来る2月5日（木）、「教員養成に関する"
            "連携協定」を締結いたします。",
        ),
        [rec([("国立大学法人南海教育大学", "南海教育大学", "本学"), ("高知県教育委員会",)], "partnership_agreement", "2026-02-05", ANN)],
        id="signing-in-the-non-past-for-a-coming-date",
    ),
    case(
        release(
            "2025年6月18日",
            "株式会社アカショウビン電力",
            "秋田県五城目町と連携協定を締結",
            "　株式会社アカショウビン電力（以下「当社」）は、本日、秋田県南秋田郡五城目町と「脱炭素に関する連携協定」を締結しました。",
            "　当社はこれまでに、以下の自治体と同様の連携協定を締結しています。",
            "　・2021年4月26日　山形県西村山郡大江町",
            "　・2022年3月　　　群馬県吾妻郡嬬恋村",
            "　　　　　　　　　　（2025年3月の協定期間満了をもって終了）",
            "　・令和5年度　　　新潟県中魚沼郡津南町",
            "",
        ),
        [
            rec([("株式会社アカショウビン電力", "当社"), ("秋田県南秋田郡五城目町", "五城目町")], "partnership_agreement", "2025-06-18", ANN),
            rec([("株式会社アカショウビン電力", "当社"), ("山形県西村山郡大江町", "大江町")], "partnership_agreement", "2021-04-26", PRIOR),
            rec([("株式会社アカショウビン電力", "当社"), ("群馬県吾妻郡嬬恋村", "嬬恋村")], "partnership_agreement", "2022-03", PRIOR),
            rec([("株式会社アカショウビン電力", "当社"), ("新潟県中魚沼郡津南町", "津南町")], "partnership_agreement", "2023", PRIOR),
        ],
        id="bulleted-list-of-earlier-partners",
    ),
    case(
        release(
            "2025年12月1日",
            "株式会社ユウガオ薬局",
            "株式会社カラスウリ・ヘルスとの業務提携の解消に関するお知らせ",
            "　当社は、本日開催の取締役会において、株式会社カラスウリ・ヘルス（以下「カラスウリ・ヘルス」）との業務提携を"
            "解消することを決議し、同日付で、2021年6月1日に同社と締結した業務提携契約（以下「本提携契約」）の解約に関する"
            "合意書を締結いたしましたので、お知らせいたします。",
        ),
        [rec([("株式会社ユウガオ薬局", "当社"), ("株式会社カラスウリ・ヘルス", "カラスウリ・ヘルス")], "business_alliance", "2021-06-01", PRIOR)],
        id="termination-agreement-is-no-partnership",
    ),
    case(
        release(
            "2025年9月29日",
            "株式会社ミズキ運輸",
            "ハナミズキ倉庫株式会社との業務提携に関する最終契約の締結に関するお知らせ",
            "　当社は、2025年7月15日付「ハナミズキ倉庫株式会社との業務提携に関する基本合意書締結のお知らせ」にてお知らせ"
            "いたしましたとおり、同日付でハナミズキ倉庫株式会社（以下「ハナミズキ倉庫」）との間で基本合意書を締結し、協議を"
            "進めてまいりました。",
            "　このたび、提携の内容について合意に至ったことから、本日開催の取締役会において、ハナミズキ倉庫との間で業務提携"
            "契約を締結することを決議し、同日付で締結いたしました。",
            "",
            "４．日程",
            "（１）基本合意書締結日　　　2025年7月15日",
            "（２）本契約締結日　　　　　2025年9月29日",
        ),
        [
            rec([("株式会社ミズキ運輸", "当社"), ("ハナミズキ倉庫株式会社", "ハナミズキ倉庫")], "business_alliance", "2025-09-29", ANN),
            rec([("株式会社ミズキ運輸", "当社"), ("ハナミズキ倉庫株式会社", "ハナミズキ倉庫")], "basic_agreement", "2025-07-15", PRIOR),
        ],
        id="final-contract-after-a-basic-agreement-cited-by-title",
    ),
    case(
        release(
            "2025年6月26日",
            "株式会社ニワトコ医療",
            "株式会社シラサギ精機との共同開発契約に係る第2次変更契約の締結に関するお知らせ",
            "　当社は、本日、株式会社シラサギ精機（以下「シラサギ精機」）との間で、2022年2月14日付で締結した共同開発契約の内容を"
            "変更する第2次変更契約（以下「本変更契約」）を締結いたしました。",
            "　両社は、2023年9月に第1次変更契約を締結し、開発期間を延長いたしました。",
            "　このたび、費用の負担割合を見直すため、本変更契約を締結いたしました。",
        ),
        [
            rec([("株式会社ニワトコ医療", "当社"), ("株式会社シラサギ精機", "シラサギ精機")], "joint_development", "2025-06-26", ANN),
            rec([("株式会社ニワトコ医療", "当社"), ("株式会社シラサギ精機", "シラサギ精機")], "joint_development", "2022-02-14", PRIOR),
            rec([("株式会社ニワトコ医療", "当社"), ("株式会社シラサギ精機", "シラサギ精機")], "joint_development", "2023-09", PRIOR),
        ],
        "2025-06-26",
        id="amendments-take-the-kind-of-the-contract-they-amend",
    ),
    case(
        release(
            "2025年6月26日",
            "株式会社ニワトコ医療",
            "株式会社シラサギ精機との共同開発契約に係る第2次変更契約の締結に関するお知らせ",
            "　当社は、株式会社シラサギ精機（以下「シラサギ精機」）との間で、2022年2月14日付で締結した共同開発契約の内容を"
            "変更する第2次変更契約（以下「本変更契約」）を締結いたしました。",
            "　両社は、2023年9月に第1次変更契約を締結し、開発期間を延長いたしました。",
        ),
        [
            rec([("株式会社ニワトコ医療", "当社"), ("株式会社シラサギ精機", "シラサギ精機")], "joint_development", None, ANN),
            rec([("株式会社ニワトコ医療", "当社"), ("株式会社シラサギ精機", "シラサギ精機")], "joint_development", "2022-02-14", PRIOR),
            rec([("株式会社ニワトコ医療", "当社"), ("株式会社シラサギ精機", "シラサギ精機")], "joint_development", "2023-09", PRIOR),
        ],
        id="undated-news-does-not-take-the-date-of-an-earlier-agreement",
    ),
    case(
        release(
            "2025年3月5日",
            "栃木県足利市",
            "足利市民体育館のネーミングライツ・パートナーが決定しました",
            "　足利市は、株式会社ハルニレ住建（以下「ハルニレ住建」）を優先交渉権者に決定しました。その後、同社と協議を重ね、"
            "3月3日（月）、ネーミングライツ契約を締結しました。",
        ),
        [rec([("足利市", "栃木県足利市"), ("株式会社ハルニレ住建", "ハルニレ住建")], "other", "2025-03-03", ANN)],
        id="fresh-signing-under-a-headline-about-something-else",
    ),
    case(
        release(
            "2025年10月22日",
            "しおかぜ信用金庫",
            "潮見商工会議所と包括的業務提携を締結",
            "　しおかぜ信用金庫（以下「当金庫」）は、10月20日（月）、潮見商工会議所と「地域経済の発展に向けた包括的業務提携"
            "協定」を締結いたしました。",
        ),
        [rec([("しおかぜ信用金庫", "当金庫"), ("潮見商工会議所",)], "partnership_agreement", "2025-10-20", ANN)],
        id="headline-shortens-the-body-agreement",
    ),
    case(
        release(
            "2025年6月4日",
            "長崎県東彼杵郡川棚町",
            "空き家の活用に関する協定を株式会社ヤツデ不動産と締結しました",
            "　川棚町は、株式会社ヤツデ不動産（以下「ヤツデ不動産」）と「空き家の利活用に関する協定」を締結しました。",
            "Q1　協定はいつ結んだのですか。",
            "A1　6月2日（月）に町役場で締結式を行い、町長とヤツデ不動産の代表取締役が協定書に署名しました。",
            "Q2　町は、ほかにも空き家に関する協定を結んでいますか。",
        ),
        [rec([("川棚町", "長崎県東彼杵郡川棚町"), ("株式会社ヤツデ不動産", "ヤツデ不動産")], "partnership_agreement", "2025-06-02", ANN)],
        id="questions-tell-no-agreement-and-a-signing-ceremony-is-a-noun",
    ),
    case(
        release(
            "2025年9月3日",
            "株式会社サザンカ・マート",
            "家計簿アプリ「カケイボン」※1と業務提携",
            "　株式会社サザンカ・マート（以下「当社」）は、家計簿アプリ「カケイボン」と業務提携契約を9月1日付で締結しました。",
            "※1　「カケイボン」は、株式会社ツワブキ・ソフト（本社：東京都渋谷区）が運営するサービスです。",
        ),
        [rec([("株式会社サザンカ・マート", "当社"), ("株式会社ツワブキ・ソフト", "カケイボン")], "business_alliance", "2025-09-01", ANN)],
        id="partner-named-by-its-brand-and-a-footnote",
    ),
    case(
        release(
            "2025年5月12日",
            "株式会社ヤマガラ交通",
            "AIによる需要予測の実証実験を開始",
            "　株式会社ヤマガラ交通（以下「当社」）、株式会社コゲラ・データ及び北陸ヒタキ電力株式会社は、本日、需要予測の"
            "実証実験を開始しました。",
            "　3社は、2025年4月に秘密保持契約を締結し、データの取り扱いについて協議してまいりました。",
        ),
        [rec([("株式会社ヤマガラ交通", "当社"), ("株式会社コゲラ・データ",), ("北陸ヒタキ電力株式会社",)], "other", "2025-04", PRIOR)],
        id="three-companies-named-before-as-a-group",
    ),
    case(
        release(
            "2025年7月2日",
            "みなと医科大学",
            "心房細動の早期発見に向けた共同研究を開始　〜株式会社コマドリ・メディカルと共同研究契約を締結〜",
            "　みなと医科大学（以下「本学」）は、株式会社コマドリ・メディカルと、心房細動を早期に発見する手法の共同研究を"
            "開始しました。本研究の実施にあたり、本学と同社は2025年6月に共同研究契約を締結しています。",
            "　本学と同社は、2023年に「医療機器の研究開発における連携に関する覚書」を締結しています。",
        ),
        [
            rec([("みなと医科大学", "本学"), ("株式会社コマドリ・メディカル",)], "joint_research", "2025-06", ANN),
            rec([("みなと医科大学", "本学"), ("株式会社コマドリ・メディカル",)], "mou", "2023", PRIOR),
        ],
        id="headline-news-told-in-the-perfect-with-a-recent-date",
    ),
    case(
        release(
            "2026年2月6日",
            "静岡県掛川市",
            "株式会社ツバキ交通との「地域公共交通に関する連携協定」締結式の延期について",
            "　本市と株式会社ツバキ交通との「地域公共交通に関する連携協定」の締結式につきましては、2月10日（火）に開催する"
            "予定としておりましたが、諸般の事情により延期することといたしました。",
        ),
        [],
        id="a-postponed-signing-is-no-agreement",
    ),
    case(
        release(
            "2025年6月3日",
            "株式会社ハマナス薬局",
            "上海における合弁事業に関する基本合意書締結のお知らせ",
            "　当社は、本日、上海においてカワセミ百貨とのテナント事業などを手掛ける滬光海潤商貿股份有限公司（以下「滬光」）"
            "との間で、合弁事業の推進に関する基本合意書を締結いたしました。",
        ),
        [rec([("株式会社ハマナス薬局", "当社"), ("滬光海潤商貿股份有限公司", "滬光")], "basic_agreement", "2025-06-03", ANN)],
        id="a-chinese-name-and-an-etc-object-in-its-relative-clause",
    ),
    case(
        release(
            "2025年10月8日",
            "株式会社ツグミ食品",
            "宮城県七ヶ浜町と包括連携協定を締結",
            "　株式会社ツグミ食品（以下「当社」）は、2025年10月7日、宮城県七ヶ浜町と包括連携協定を締結いたしました。",
            "　沿岸地域との連携は、2020年に松島町と、2023年に利府町と包括連携協定を結んだことに始まり、これまでに"
            "9品目の商品を共同で開発してまいりました。",
        ),
        [
            rec([("株式会社ツグミ食品", "当社"), ("七ヶ浜町", "宮城県七ヶ浜町")], "partnership_agreement", "2025-10-07", ANN),
            rec([("株式会社ツグミ食品", "当社"), ("松島町",)], "partnership_agreement", "2020", PRIOR),
            rec([("株式会社ツグミ食品", "当社"), ("利府町",)], "partnership_agreement", "2023", PRIOR),
        ],
        id="members-dated-years-ago-are-history-whatever-the-verb",
    ),
    case(
        release(
            "2025年11月14日",
            "国立大学法人みさご大学",
            "タイのチェンライ農工大学と学術交流協定を締結しました",
            "　みさご大学（以下「本学」）は、2025年11月12日、チェンライ農工大学と学術交流協定を締結しました。",
            "",
            "■本学の主な海外協定校",
            "　・ソウル海洋大学（韓国）　　　　学術交流協定（2015年4月）",
            "　・ハノイ農林大学（ベトナム）　　学生交流に関する覚書（2018年9月）",
        ),
        [
            rec([("国立大学法人みさご大学", "みさご大学", "本学"), ("チェンライ農工大学",)], "partnership_agreement", "2025-11-12", ANN),
            rec([("国立大学法人みさご大学", "みさご大学", "本学"), ("ソウル海洋大学",)], "partnership_agreement", "2015-04", PRIOR),
            rec([("国立大学法人みさご大学", "みさご大学", "本学"), ("ハノイ農林大学",)], "mou", "2018-09", PRIOR),
        ],
        id="a-bulleted-list-of-earlier-agreements-with-dates-in-parentheses",
    ),
    case(
        "\n".join([
            "ホーム > 市政情報 > 報道発表",
            "",
            "市内の薬局3社と「高齢者の見守りに関する協定」を締結しました",
            "",
            "掲載日：令和7年3月10日",
            "",
            "西海市は、令和7年3月7日、市内に店舗を持つ薬局3社と、それぞれ「高齢者の見守りに関する協定」を締結しました。",
            "",
            "協定を締結した薬局",
            "・株式会社コマドリ薬局",
            "・有限会社ハヤブサ堂",
            "・株式会社ヒバリファーマシー",
            "",
        ]) + "\n",
        [
            rec([("西海市",), ("株式会社コマドリ薬局",)], "partnership_agreement", "2025-03-07", ANN),
            rec([("西海市",), ("有限会社ハヤブサ堂",)], "partnership_agreement", "2025-03-07", ANN),
            rec([("西海市",), ("株式会社ヒバリファーマシー",)], "partnership_agreement", "2025-03-07", ANN),
        ],
        id="a-described-count-after-the-agent-is-the-list-that-follows-each-with-the-agent",
    ),
    case(
        release(
            "2025年8月20日",
            "株式会社ツナグ便",
            "県北の運送会社3社と業務提携",
            "　株式会社ツナグ便（本社：鳥取県鳥取市、以下「当社」）は、鳥取県東部の山間地域において共同配送を始めるため、",
            "下表の運送会社3社と業務提携契約を締結しました。",
            "",
            "■提携先一覧",
            "　提携先　　　　　　　所在地　　　　　契約締結日",
            "　有限会社ミサゴ運輸　　鳥取県八頭町　　2025年8月1日",
            "　株式会社カワウ物流　　鳥取県智頭町　　2025年8月5日",
            "　シギ急送株式会社　　　鳥取県若桜町　　2025年8月18日",
        ),
        [
            rec([("株式会社ツナグ便", "当社"), ("有限会社ミサゴ運輸",)], "business_alliance", "2025-08-01", ANN),
            rec([("株式会社ツナグ便", "当社"), ("株式会社カワウ物流",)], "business_alliance", "2025-08-05", ANN),
            rec([("株式会社ツナグ便", "当社"), ("シギ急送株式会社",)], "business_alliance", "2025-08-18", ANN),
        ],
        id="a-count-of-companies-is-the-table-below-each-row-dated-on-its-own",
    ),
    case(
        "\n".join([
            "シラサギ国際大学",
            "ホーム ＞ ニュース ＞ 国際交流",
            "",
            "台湾の2大学と覚書を締結しました",
            "",
            "掲載日：2025年6月12日",
            "",
            "6月10日、本学において、台湾のカモメ海洋大学、台湾のツバメ工業大学の2大学と、研究者交流に関する覚書の締結式を行いました。"
            "本学と2大学はそれぞれ覚書を取り交わし、来年度から研究者の相互派遣を始めます。",
            "このうちツバメ工業大学とは、2016年から学術交流協定を結んでおり、共同セミナーを開いてきました。",
        ]) + "\n",
        [
            rec([("シラサギ国際大学", "本学"), ("カモメ海洋大学",)], "mou", "2025-06-10", ANN),
            rec([("シラサギ国際大学", "本学"), ("ツバメ工業大学",)], "mou", "2025-06-10", ANN),
            rec([("シラサギ国際大学", "本学"), ("ツバメ工業大学",)], "partnership_agreement", "2016", PRIOR),
        ],
        id="a-ceremony-held-with-a-group-that-then-signs-one-by-one-and-a-partner-since-a-year",
    ),
    case(
        "\n".join([
            "防災協定を締結しました",
            "",
            "更新日：2025年9月3日",
            "",
            "小鷺町は、2025年9月1日、ミソサザイ生活協同組合と「災害時の物資供給に関する協定」を締結しました。",
            "町では、2014年に隣接するヤマガラ市、コガラ村と3市町村による相互応援協定を結んでいますが、民間事業者との協定は初めてです。",
        ]) + "\n",
        [
            rec([("小鷺町",), ("ミソサザイ生活協同組合",)], "partnership_agreement", "2025-09-01", ANN),
            rec([("小鷺町", "町"), ("ヤマガラ市",), ("コガラ村",)], "partnership_agreement", "2014", PRIOR),
        ],
        id="a-town-page-calls-itself-by-its-bare-kind",
    ),
    case(
        "\n".join([
            "ヒタキ市ホームページ",
            "トップ > 市政情報 > 政策・計画 > 官民連携",
            "包括連携協定の締結状況",
            "　ヒタキ市では、大学、金融機関、民間企業等と包括連携協定を締結し、地域の課題解決に取り組んでいます。",
            "これまでに締結した協定は次のとおりです。",
            "■締結先一覧（締結日順）",
            "1　カケス工業大学",
            "　　協定名：ヒタキ市とカケス工業大学との包括連携に関する協定",
            "　　締結日：平成30年5月21日",
            "2　株式会社ムクドリ銀行",
            "　　協定名：地方創生に関する包括連携協定",
            "　　締結日：令和4年7月",
            "",
            "■株式会社セキレイ通信",
            "　行政手続のデジタル化などで連携する協定を締結しました（令和6年2月9日）。",
            "",
            "更新日：2025年1月10日",
        ]) + "\n",
        [
            rec([("ヒタキ市",), ("カケス工業大学",)], "partnership_agreement", "2018-05-21", ANN),
            rec([("ヒタキ市",), ("株式会社ムクドリ銀行",)], "partnership_agreement", "2022-07", ANN),
            rec([("ヒタキ市",), ("株式会社セキレイ通信",)], "partnership_agreement", "2024-02-09", ANN),
        ],
        id="a-city-list-page-whose-items-run-over-the-lines-under-them",
    ),
    case(
        "\n".join([
            "令和7年3月12日",
            "各位",
            "株式会社ホオジロ銀行",
            "三戸町との「地域振興に関する連携協定」の締結について",
            "　株式会社ホオジロ銀行（頭取　青木　一郎）の三戸支店は、このたび、三戸町と「地域振興に関する連携協定」を締結いたしましたので、下記のとおりお知らせいたします。",
            "記",
            "１．締結日　令和7年3月10日（月）",
            "２．協定期間　締結日から令和8年3月31日まで",
        ]) + "\n",
        [rec([("株式会社ホオジロ銀行", "ホオジロ銀行"), ("三戸町",)], "partnership_agreement", "2025-03-10", ANN)],
        id="a-town-whose-name-opens-with-a-numeral-and-a-date-only-in-the-numbered-rows",
    ),
    case(
        "\n".join([
            "2025年12月18日",
            "報道関係各位",
            "カワセミ病院とアオサギ医療大学が包括連携協定を締結します",
            "〜締結式開催のご案内〜",
            "　社会医療法人カワセミ会 カワセミ病院（院長　村田　浩）とアオサギ医療大学（学長　森　花子）は、地域医療を担う人材の育成を目的として、包括連携協定を締結いたします。",
            "■締結式概要",
            "・日時　1月20日（火）15:00～15:30",
            "・会場　カワセミ病院　本館2階",
        ]) + "\n",
        [rec([("社会医療法人カワセミ会 カワセミ病院", "カワセミ病院"), ("アオサギ医療大学",)], "partnership_agreement", "2026-01-20", ANN)],
        id="a-ceremony-to-come-dated-only-in-its-table-takes-the-next-year",
    ),
    case(
        "\n".join([
            "2024年3月9日",
            "各位",
            "株式会社ツルギ銀行",
            "ツルギ銀行とカサギ信用金庫が業務提携",
            "　ツルギ銀行とカサギ信用金庫は8日、中小企業の事業承継支援で業務提携を結ぶことで合意した。",
            "　ツルギ銀行は同日、ヒノキ市とも「地域経済の発展に関する連携協定」を結んだ。",
            "　カサギ信金は2020年にカサギ商工会議所と連携協定を結んでいる。",
        ]) + "\n",
        [
            # 「結ぶことで合意した」 concludes; 「同日」 is the bare 8日 before it; 「とも」 marks a partner
            rec([("株式会社ツルギ銀行", "ツルギ銀行"), ("カサギ信用金庫",)], "business_alliance", "2024-03-08", ANN),
            rec([("株式会社ツルギ銀行", "ツルギ銀行"), ("ヒノキ市",)], "partnership_agreement", "2024-03-08", ANN),
            # 「カサギ信金」 is the 信用金庫's short form, not a new organisation or the issuer
            rec([("カサギ信用金庫",), ("カサギ商工会議所",)], "partnership_agreement", "2020", PRIOR),
        ],
        id="agreed-to-conclude-the-same-day-after-a-bare-day-and-a-short-form-of-a-shinkin",
    ),
    case(
        "\n".join([
            "マーケット速報　2024年10月16日 09:48",
            "",
            "ツグミ精工が急伸、米ハルデン・ロボティクスと共同開発",
            "",
            "ツグミ精工〈6391〉が急伸し、一時ストップ高をつけた。前日15日の取引終了後、米ハルデン・ロボティクスと、"
            "精密搬送装置の共同開発契約を同日付で締結したと発表した。",
            "米バイオ医薬品のミズナラ・セラピューティクスは同日、アサツキ製薬に国内での開発・販売権を供与するライセンス契約を結んだと発表した。",
            "ハルデンは21年に韓国のヘソン精密とも業務提携を結んでいる。",
        ]) + "\n",
        [
            # the signing's subject is the last sentence's が-subject; who the clause grants rights to is the partner
            rec([("ツグミ精工",), ("ハルデン・ロボティクス",)], "joint_development", "2024-10-15", ANN),
            rec([("ミズナラ・セラピューティクス",), ("アサツキ製薬",)], "license", "2024-10-15", ANN),
            # 「21年」 is 2021 in a news text; 「ハルデン」 is ハルデン・ロボティクス shortened
            rec([("ハルデン・ロボティクス",), ("ヘソン精密",)], "business_alliance", "2021", PRIOR),
        ],
        id="a-market-news-item-whose-subject-is-in-the-sentence-before-and-a-licence-granted-to-a-goal",
    ),
]


@pytest.fixture(scope="module")
def extract_text() -> Callable[..., Any]:
    try:
        from mou_extract.api import extract_text
    except ModuleNotFoundError as exc:  # the module is not written yet; anything else is a bug
        if exc.name != "mou_extract.api":
            raise
        pytest.skip("mou_extract.api does not exist yet")
    return extract_text


def _show(records: list[Any]) -> str:
    def one(p: Any) -> str:
        names = " + ".join((party_names(x) or [UNNAMED])[0] for x in p.parties)
        return f"{p.role} {p.agreement_type} {value_of_date(p.signed_on)} [{names}]"

    return "\n  ".join(one(p) for p in records) or "none"


def _matches(exp: Rec, p: Any) -> bool:
    return (
        p.role == exp.role
        and p.agreement_type == exp.agreement_type
        and value_of_date(p.signed_on) == exp.signed_on
        and parties_match(exp.parties, list(p.parties))
    )


@pytest.mark.parametrize(("text", "published_on", "expected"), CASES)
def test_partnership_records(
    extract_text: Callable[..., Any], text: str, published_on: str | None, expected: list[Rec]
) -> None:
    result = extract_text(text, published_on=published_on)
    got = list(result.partnerships)
    matched: set[int] = set()
    for exp in expected:
        hits = [i for i, p in enumerate(got) if _matches(exp, p)]
        assert len(hits) == 1, f"{len(hits)} records match {exp}; got\n  {_show(got)}"
        matched.update(hits)
    extra = [p for i, p in enumerate(got) if i not in matched and p.role == ANN]
    assert not extra, f"unexpected announced records:\n  {_show(extra)}"
