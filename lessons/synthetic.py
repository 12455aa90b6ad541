"""Synthetic scale data for benchmarks: many provinces' worth of reports, lessons, initiatives
and metrics, written in realistic Vietnamese.

Only for a throw-away benchmark database. `generate()` refuses to run unless
`settings.SYNTHETIC_DATA_ALLOWED` is True, which only portal/settings_bench.py sets (and that
module refuses the portal's own database). From fixtures/ it only reads the themes. Every slug
it writes starts with "mp-" (mô phỏng, "simulated") and every province is called "Tỉnh mô phỏng
…", so a synthetic row is recognisable wherever it shows up.

The rows keep the models' invariants: each excerpt is a verbatim sentence of its report's body,
each record's province is one of its report's provinces, `search_text` is what save() stores.
About a quarter of the lessons say "chuyển đổi số" in their title or excerpt, and no other
lesson text has a word starting with "chuyen", so a search for "chuyen doi so" finds that
quarter and nothing else.

Speed: rows are built in memory a chunk of reports at a time and written with bulk_create
(many-to-many through rows included) inside one transaction; nothing calls save().
"""

import json
import math
import random
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.text import slugify

from portal.vntext import format_number
from provinces.models import Indicator, Locality, Metric, Province, Report

from .models import Initiative, Lesson, Theme

PREFIX = "mp-"
LESSONS_PER_REPORT = 20
INITIATIVES_PER_LESSON = 0.6
METRICS_PER_LESSON = 0.3
LESSONS_PER_PROVINCE = 2000
DIGITAL_SHARE = 0.25  # lessons that mention "chuyển đổi số"
RANK_DENOMINATOR = Decimal(63)  # ranks are among the 63 provinces

# ---- word and phrase pools ---------------------------------------------------------------
# Lesson texts other than the "chuyển đổi số" mentions must not contain a word that folds to
# "chuyen…" (chuyên, chuyến, chuyển): that keeps the search selectivity at DIGITAL_SHARE.

# fmt: off
PLACE_NAMES = (
    "Đồng Sơn", "Thanh Hà", "Tân Lập", "Bình Minh", "Phú Xuân", "Hòa Lạc", "An Khánh", "Nghĩa Hưng",
    "Kim Sơn", "Yên Thịnh", "Đông Hải", "Bắc Lũng", "Nậm Cang", "Sử Pán", "Mường Khoa", "Hưng Đạo",
    "Quảng Phú", "Lạc Thủy", "Vĩnh Tường", "Tiên Lữ", "Hải Đường", "Đức Thọ", "Cẩm Khê", "Thạch Bàn",
    "Gia Lộc", "Ngọc Lặc", "Xuân Trường", "Sơn Động", "Lục Ngạn", "Võ Nhai", "Định Hóa", "Bảo Yên",
    "Mai Châu", "Tủa Chùa", "Điện Quang", "Hồng Phong", "Minh Đức", "Phúc Thịnh", "Thái Hòa", "Cửa Nam",
    "Ấm Thượng", "Ỷ La", "Nà Hang", "Pác Nặm", "Khánh Thiện", "Thượng Lâm", "Lũng Cú", "Vạn Xuân",
    "Đào Viên", "Tường Vân",
)
# fmt: on

# Who drew the lesson: (Vietnamese, English).
SUBJECTS = (
    ("Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Office of the Provincial People's Committee"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "Provincial Public Administration Service Centre"),
    ("Bộ phận Một cửa cấp huyện", "District one-stop desk"),
    ("Tỉnh đoàn", "Provincial Youth Union"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "Provincial Women's Union"),
    ("Bưu điện tỉnh", "Provincial Post Office"),
    ("Sở Y tế", "Department of Health"),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"),
    ("Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"),
    ("Công an tỉnh", "Provincial Police"),
    ("Đài Phát thanh và Truyền hình tỉnh", "Provincial Radio and Television Station"),
    ("Ủy ban nhân dân cấp xã", "Commune People's Committee"),
    ("Liên minh Hợp tác xã tỉnh", "Provincial Cooperative Alliance"),
    ("Sở Tư pháp", "Department of Justice"),
)

# What was done: verbs (Vietnamese, English base form) and their objects.
ACTIONS = (
    ("số hóa", "digitise"),
    ("triển khai", "roll out"),
    ("nâng cấp", "upgrade"),
    ("đẩy mạnh", "step up"),
    ("mở rộng", "expand"),
    ("hướng dẫn người dân sử dụng", "guide citizens in using"),
    ("thử nghiệm", "pilot"),
    ("chuẩn hóa", "standardise"),
    ("kết nối", "connect"),
    ("phổ cập", "popularise"),
    ("tập huấn cán bộ về", "train officials on"),
    ("kiểm tra định kỳ", "regularly check"),
    ("đầu tư cho", "invest in"),
    ("công khai", "publish"),
    ("tích hợp", "integrate"),
)
OBJECTS = (
    ("hồ sơ thủ tục hành chính", "administrative procedure files"),
    ("dịch vụ công trực tuyến toàn trình", "end-to-end online public services"),
    ("thanh toán không dùng tiền mặt", "cashless payment"),
    ("sổ sức khỏe điện tử", "electronic health records"),
    ("học bạ điện tử", "electronic school records"),
    ("dữ liệu đất đai", "land data"),
    ("camera giám sát an ninh", "security cameras"),
    ("sàn thương mại điện tử cho nông sản", "e-commerce platforms for farm produce"),
    ("mạng cáp quang đến thôn, bản", "fibre-optic cable to villages"),
    ("chữ ký số cho cán bộ, công chức", "digital signatures for civil servants"),
    ("ứng dụng công dân số", "the digital citizen app"),
    ("hệ thống quản lý văn bản và điều hành", "the document management system"),
    ("kỹ năng số cho người dân", "digital skills for citizens"),
    ("điểm phát sóng wifi công cộng", "public wifi hotspots"),
    ("bản đồ số du lịch", "a digital tourism map"),
    ("mã truy xuất nguồn gốc nông sản", "traceability codes for farm produce"),
    ("cơ sở dữ liệu dân cư", "the population database"),
    ("hội nghị trực tuyến đến cấp xã", "online meetings down to commune level"),
)
# How or with what effect: (Vietnamese clause, English participial clause).
GAINS = (
    ("nhờ đó rút ngắn thời gian xử lý hồ sơ", "cutting the time needed to process files"),
    ("giúp người dân không phải đi lại nhiều lần", "so that citizens no longer travel back and forth"),
    ("với sự tham gia của đoàn viên thanh niên", "with help from youth union members"),
    ("lấy người dân và doanh nghiệp làm trung tâm", "putting citizens and businesses at the centre"),
    ("trước khi nhân rộng ra toàn tỉnh", "before scaling it up across the province"),
    ("bằng nguồn kinh phí xã hội hóa", "with privately mobilised funding"),
    ("gắn với trách nhiệm của người đứng đầu", "making the head of each unit accountable"),
    ("kết hợp tuyên truyền trên loa truyền thanh cơ sở", "backed by announcements on village loudspeakers"),
    ("để đồng bào dân tộc thiểu số dễ tiếp cận", "so that ethnic-minority communities can use it easily"),
    ("sử dụng hạ tầng sẵn có của Bưu điện", "using the Post Office's existing network"),
    ("có sổ theo dõi kết quả từng tháng", "tracking the results month by month"),
    ("ưu tiên các xã vùng sâu, vùng xa", "giving priority to remote communes"),
)
TITLE_TAILS = (
    ("", ""),
    (" ở cấp xã", " at commune level"),
    (" tại vùng cao", " in the highlands"),
    (" cho đồng bào dân tộc thiểu số", " for ethnic-minority communities"),
    (" từ thôn, bản", " starting from the villages"),
)
# The only lesson phrases with "chuyển đổi số" (a title suffix, an excerpt ending).
DIGITAL_TITLE = (" trong chuyển đổi số", " in digital transformation")
DIGITAL_ENDINGS = (
    ", góp phần đẩy nhanh chuyển đổi số ở địa phương",
    ", coi đây là khâu đột phá của chuyển đổi số",
    " theo kế hoạch chuyển đổi số của tỉnh",
)

# Each kind of lesson is told its own way: (Vietnamese sentence, English summary).
LESSON_TEMPLATES = {
    Lesson.Kind.LESSON: (
        "{where}bài học rút ra là {subject} phải {verb} {obj}, {gain}.",
        "Lesson drawn: the {subject} should {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.CHALLENGE: (
        "{where}khó khăn lớn nhất của {subject} là việc {verb} {obj} còn chậm, nhất là ở vùng sâu, vùng xa.",
        "Main difficulty for the {subject}: efforts to {verb} {obj} are slow, especially in remote areas.",
    ),
    Lesson.Kind.TASK: (
        "{where}{subject} được giao nhiệm vụ {verb} {obj}, {gain}.",
        "The {subject} is tasked to {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.SOLUTION: (
        "{where}để khắc phục, {subject} đã {verb} {obj}, {gain}.",
        "To address this, the {subject} chose to {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.PROPOSAL: (
        "{where}{subject} đề nghị tỉnh hỗ trợ kinh phí để {verb} {obj}, {gain}.",
        "The {subject} asks the province for funding to {verb} {obj}, {gain}.",
    ),
    Lesson.Kind.RESULT: (
        "{where}sau một năm, {subject} đã {verb} {obj}, {gain}.",
        "Within a year, the {subject} managed to {verb} {obj}, {gain}.",
    ),
}

INITIATIVE_NAMES = (
    ("Chợ 4.0", "4.0 Market"),
    ("Thôn bản thông minh", "Smart village"),
    ("Bình dân học vụ số", "Digital literacy for all"),
    ("Ngày thứ Bảy cùng dân", "Saturdays with the people"),
    ("Tổ hỗ trợ dịch vụ công", "Public service help team"),
    ("Trường học số", "Digital school"),
    ("Trạm y tế thông minh", "Smart health station"),
    ("Hợp tác xã số", "Digital cooperative"),
    ("Du lịch thông minh", "Smart tourism"),
    ("Phường không dùng tiền mặt", "Cashless ward"),
    ("Sổ tay đảng viên điện tử", "Electronic party member handbook"),
    ("Camera an ninh thôn xóm", "Neighbourhood security cameras"),
    ("Bản đồ số nông sản", "Digital farm produce map"),
    ("Tuyến phố thanh toán số", "Digital payment street"),
    ("Gian hàng đặc sản trực tuyến", "Online specialty stall"),
    ("Một cửa không chờ", "One-stop desk without queues"),
    ("Mỗi người dân một danh tính số", "A digital identity for every citizen"),
    ("Đưa sản phẩm OCOP lên sàn", "OCOP products online"),
)
INITIATIVE_FORMS = (
    ("Mô hình “{x}”", "“{x}” model"),
    ("Dự án “{x}”", "“{x}” project"),
    ("Phong trào “{x}”", "“{x}” campaign"),
    ("Sáng kiến “{x}”", "“{x}” initiative"),
    ("Đề án “{x}”", "“{x}” scheme"),
)
# {place}: the locality, or the whole province; {name} already says where when it is local.
INITIATIVE_TEMPLATES = (
    ("Từ năm {year}, {place} triển khai {name}, {gain}.", "Since {year}, {place_en} has run the {name}, {gain}."),
    ("Năm {year}, {subject} khởi động {name}, {gain}.", "In {year} the {subject} launched the {name}, {gain}."),
)

# Synthetic indicators: (name, English name, unit, how a report states a figure).
# {scope} is "trên địa bàn tỉnh" or "ở <locality>"; {v} the figure as a report writes it.
# fmt: off
INDICATORS = (
    ("Tỷ lệ hồ sơ xử lý trực tuyến toàn trình", "Share of applications processed fully online", "percent",
     "tỷ lệ hồ sơ được xử lý trực tuyến toàn trình {scope} đạt {v}"),
    ("Tỷ lệ thôn, bản có cáp quang", "Share of villages with fibre-optic cable", "percent",
     "tỷ lệ thôn, bản có cáp quang {scope} đạt {v}"),
    ("Tỷ lệ người trưởng thành có điện thoại thông minh", "Share of adults with a smartphone", "percent",
     "{v} người trưởng thành {scope} có điện thoại thông minh"),
    ("Tỷ lệ hộ gia đình có địa chỉ số", "Share of households with a digital address", "percent",
     "{v} hộ gia đình {scope} đã có địa chỉ số"),
    ("Tỷ lệ văn bản đi được ký số", "Share of outgoing documents with a digital signature", "percent",
     "tỷ lệ văn bản đi được ký số {scope} đạt {v}"),
    ("Tỷ lệ người dân có tài khoản thanh toán", "Share of citizens with a payment account", "percent",
     "{v} người dân {scope} có tài khoản thanh toán"),
    ("Tỷ lệ trường học sử dụng học bạ điện tử", "Share of schools using electronic school records", "percent",
     "{v} trường học {scope} đã sử dụng học bạ điện tử"),
    ("Tỷ lệ trạm y tế có hồ sơ sức khỏe điện tử", "Share of health stations with electronic health records",
     "percent", "{v} trạm y tế {scope} đã lập hồ sơ sức khỏe điện tử"),
    ("Tỷ lệ hợp tác xã bán hàng trên sàn thương mại điện tử", "Share of cooperatives selling on e-commerce platforms",
     "percent", "{v} hợp tác xã {scope} đã bán hàng trên sàn thương mại điện tử"),
    ("Tỷ lệ kết quả giải quyết thủ tục được số hóa", "Share of procedure results digitised", "percent",
     "tỷ lệ số hóa kết quả giải quyết thủ tục hành chính {scope} đạt {v}"),
    ("Tỷ lệ cán bộ cấp xã được tập huấn kỹ năng số", "Share of commune officials trained in digital skills",
     "percent", "{v} cán bộ cấp xã {scope} đã được tập huấn kỹ năng số"),
    ("Tỷ lệ dân số có tài khoản định danh điện tử", "Share of the population with an electronic identity account",
     "percent", "{v} dân số {scope} có tài khoản định danh điện tử"),
    ("Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử", "Share of businesses using e-invoices", "percent",
     "{v} doanh nghiệp {scope} sử dụng hóa đơn điện tử"),
    ("Mức độ hài lòng của người dân với dịch vụ công", "Citizen satisfaction with public services", "percent",
     "mức độ hài lòng của người dân {scope} với dịch vụ công đạt {v}"),
    ("Số điểm phát sóng wifi công cộng", "Public wifi hotspots", "count",
     "{scope} có {v} điểm phát sóng wifi công cộng"),
    ("Số tổ công nghệ số cộng đồng", "Community digital technology teams", "count",
     "{scope} đã thành lập {v} tổ công nghệ số cộng đồng"),
    ("Số thành viên tổ công nghệ số cộng đồng", "Members of community digital technology teams", "count",
     "{scope} có {v} thành viên tổ công nghệ số cộng đồng"),
    ("Số sản phẩm OCOP trên sàn thương mại điện tử", "OCOP products on e-commerce platforms", "count",
     "{scope} có {v} sản phẩm OCOP được đưa lên sàn thương mại điện tử"),
    ("Số thủ tục hành chính cung cấp trực tuyến", "Administrative procedures offered online", "count",
     "{scope} cung cấp {v} thủ tục hành chính trực tuyến"),
    ("Số camera giám sát an ninh", "Security cameras installed", "count",
     "{scope} đã lắp đặt {v} camera giám sát an ninh"),
    ("Số trạm phát sóng di động 4G", "4G base stations", "count",
     "{scope} có {v} trạm phát sóng di động 4G"),
    ("Số lượt truy cập cổng dịch vụ công", "Visits to the public service portal", "count",
     "{scope} ghi nhận {v} lượt truy cập cổng dịch vụ công"),
    ("Số hộ kinh doanh thanh toán bằng mã QR", "Household businesses accepting QR payments", "count",
     "{scope} có {v} hộ kinh doanh thanh toán bằng mã QR"),
    ("Số cuộc họp trực tuyến", "Online meetings held", "count",
     "{scope} đã tổ chức {v} cuộc họp trực tuyến"),
    ("Số hồ sơ tiếp nhận trực tuyến", "Applications received online", "count",
     "{scope} tiếp nhận {v} hồ sơ trực tuyến"),
    ("Số thôn, bản chưa có sóng di động", "Villages without mobile coverage", "count",
     "{scope} còn {v} thôn, bản chưa có sóng di động"),
    ("Số người dân được tập huấn kỹ năng số", "Citizens trained in digital skills", "count",
     "{scope} đã tập huấn kỹ năng số cho {v} người dân"),
    ("Số cơ sở dữ liệu ngành được xây dựng", "Sector databases built", "count",
     "{scope} đã xây dựng {v} cơ sở dữ liệu ngành"),
    ("Xếp hạng chỉ số chuyển đổi số cấp tỉnh (DTI)", "Provincial digital transformation index (DTI) rank", "rank",
     "tỉnh xếp thứ {v} về chỉ số chuyển đổi số cấp tỉnh (DTI)"),
    ("Xếp hạng chỉ số chính quyền số", "Digital government index rank", "rank",
     "tỉnh xếp thứ {v} về chỉ số chính quyền số"),
    ("Xếp hạng chỉ số kinh tế số", "Digital economy index rank", "rank",
     "tỉnh xếp thứ {v} về chỉ số kinh tế số"),
    ("Xếp hạng chỉ số xã hội số", "Digital society index rank", "rank",
     "tỉnh xếp thứ {v} về chỉ số xã hội số"),
    ("Xếp hạng chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "Provincial competitiveness index (PCI) rank", "rank",
     "tỉnh xếp thứ {v} về chỉ số năng lực cạnh tranh cấp tỉnh (PCI)"),
    ("Xếp hạng chỉ số cải cách hành chính (PAR Index)", "Public administration reform index (PAR Index) rank",
     "rank", "tỉnh xếp thứ {v} về chỉ số cải cách hành chính (PAR Index)"),
    ("Xếp hạng chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
     "Satisfaction with public administration (SIPAS) rank", "rank",
     "tỉnh xếp thứ {v} về chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"),
)
# fmt: on
# The largest plausible province-wide figure of each count (a locality reports a tenth of it).
COUNT_HIGHS = {
    "Public wifi hotspots": 800,
    "Community digital technology teams": 2500,
    "Members of community digital technology teams": 15000,
    "OCOP products on e-commerce platforms": 400,
    "Administrative procedures offered online": 1800,
    "Security cameras installed": 5000,
    "4G base stations": 3000,
    "Visits to the public service portal": 2000000,
    "Household businesses accepting QR payments": 40000,
    "Online meetings held": 3000,
    "Applications received online": 500000,
    "Villages without mobile coverage": 120,
    "Citizens trained in digital skills": 200000,
    "Sector databases built": 60,
}
QUALIFIER_WORDS = {
    Metric.Qualifier.EXACT: "",
    Metric.Qualifier.ABOUT: "khoảng ",
    Metric.Qualifier.OVER: "trên ",
    Metric.Qualifier.AT_LEAST: "ít nhất ",
}

REPORT_TITLES = (
    ("{p} đẩy mạnh chuyển đổi số năm {y}", "{p} steps up digital transformation in {y}"),
    ("Kinh nghiệm xây dựng chính quyền số ở {p}", "Building digital government in {p}: lessons learned"),
    ("{p}: đưa dịch vụ công trực tuyến đến gần người dân", "{p}: bringing online public services closer to citizens"),
    ("Sơ kết công tác chuyển đổi số của {p} năm {y}", "Review of digital transformation in {p}, {y}"),
    ("Những cách làm hay trong phát triển kinh tế số ở {p}", "Good practices in the digital economy of {p}"),
    (
        "Kết quả thực hiện nghị quyết về chuyển đổi số của {p}",
        "Implementing the digital transformation resolution in {p}",
    ),
)
PUBLISHERS = (
    "Cổng thông tin điện tử tỉnh (mô phỏng)",
    "Bản tin Chuyển đổi số (mô phỏng)",
    "Tạp chí Thông tin và Truyền thông (mô phỏng)",
    "Đài Phát thanh và Truyền hình tỉnh (mô phỏng)",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Đỗ", "Bùi", "Ngô")
MIDDLE_NAMES = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang")
GIVEN_NAMES = ("An", "Bình", "Hà", "Lan", "Dũng", "Hương", "Tuấn", "Thảo", "Sơn", "Đạt")
# Sentences between the quoted ones, as in a real article; no record cites them.
FILLERS = (
    "Thời gian qua, công tác chuyển đổi số trên địa bàn tỉnh có nhiều chuyển biến tích cực.",
    "Đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh nhấn mạnh yêu cầu làm đến đâu chắc đến đó.",
    "Nhiều cán bộ cơ sở thừa nhận ban đầu còn lúng túng khi sử dụng phần mềm mới.",
    "Người dân ở vùng cao đã quen dần với việc gửi hồ sơ qua mạng.",
    "Hạ tầng viễn thông được các doanh nghiệp đầu tư mở rộng đến tận thôn, bản.",
    "Tuy vậy, nguồn nhân lực công nghệ thông tin ở cấp xã vẫn còn thiếu và yếu.",
    "Lãnh đạo tỉnh xác định người dân là trung tâm, là chủ thể của quá trình chuyển đổi số.",
    "Phong trào được các tầng lớp nhân dân hưởng ứng, lan tỏa rộng khắp.",
    "Kinh phí dành cho ứng dụng công nghệ thông tin hằng năm còn hạn chế.",
    "Đặc biệt, tỉnh chú trọng bảo đảm an toàn, an ninh mạng trong mọi hoạt động.",
    "Các sở, ngành đã chia sẻ dữ liệu qua nền tảng tích hợp, chia sẻ dữ liệu của tỉnh.",
    "Ông Đặng Văn Hùng, một người dân trong xã, cho biết giờ đây nộp hồ sơ không còn mất nhiều thời gian.",
    "Bên cạnh kết quả đạt được, việc triển khai còn một số tồn tại cần sớm khắc phục.",
    "Năm tới, tỉnh tiếp tục ưu tiên nguồn lực cho hạ tầng số và dữ liệu số.",
    "Cấp ủy, chính quyền các cấp đã vào cuộc quyết liệt, đồng bộ.",
    "Đây là cách làm mới, phù hợp với điều kiện của một tỉnh miền núi còn nhiều khó khăn.",
)

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def unaccented(text):
    """The English form of a Vietnamese place name: "Đồng Sơn" -> "Dong Son"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def capitalized(text):
    # str.capitalize() would lower-case the proper nouns that follow.
    return text[:1].upper() + text[1:]


def even_split(total, parts):
    """`total` split into `parts` whole numbers differing by at most one."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


class SyntheticDataRefused(Exception):
    """These settings do not allow synthetic data; nothing was written."""


class SyntheticDataError(Exception):
    """The request cannot be met (bad arguments, synthetic data already present); nothing was written."""


@dataclass
class GenerationResult:
    created: dict = field(default_factory=dict)  # model label -> rows created
    deleted: dict = field(default_factory=dict)  # table -> rows deleted by `replace`
    seconds: float = 0.0


# Children before parents, so no PROTECT foreign key is ever left dangling.
def portal_tables():
    return [
        Lesson.themes.through,
        Initiative.themes.through,
        Lesson,
        Initiative,
        Metric,
        Report.provinces.through,
        Report,
        Locality,
        Province,
        Indicator,
        Theme,
    ]


class SyntheticDataGenerator:
    def __init__(self, lessons, provinces=None, seed=1, replace=False, batch_size=5000, progress=None):
        if lessons < 1:
            raise SyntheticDataError("The number of lessons must be at least 1.")
        if provinces is not None and provinces < 1:
            raise SyntheticDataError("The number of provinces must be at least 1.")
        if batch_size < 1:
            raise SyntheticDataError("The batch size must be at least 1.")
        self.lesson_total = lessons
        self.province_total = provinces
        self.seed = seed
        self.replace = replace
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.rng = random.Random(seed)
        self.result = GenerationResult()

    # ---- entry point -------------------------------------------------------------------
    def generate(self):
        # Checked here as well as in the command: no caller can write to a public database.
        if getattr(settings, "SYNTHETIC_DATA_ALLOWED", False) is not True:
            raise SyntheticDataRefused(
                "Synthetic data is only allowed in a benchmark database: use "
                "DJANGO_SETTINGS_MODULE=portal.settings_bench with BENCH_DATABASE_URL."
            )
        started = time.perf_counter()
        with transaction.atomic():
            if self.replace:
                self.delete_portal_rows()
            elif Province.objects.filter(slug__startswith=PREFIX).exists():
                raise SyntheticDataError("Synthetic data is already present; use --replace to regenerate it.")
            self.themes = self.create_themes()
            self.indicators = self.create_indicators()
            self.provinces = self.create_provinces()
            self.localities = self.create_localities()
            self.create_reports_and_records()
        self.result.seconds = time.perf_counter() - started
        return self.result

    def delete_portal_rows(self):
        # One DELETE per table: the ORM's delete() would load every row and trip over the
        # PROTECT self-references (a locality's parent, a province's successor).
        with connection.cursor() as cursor:
            for model in portal_tables():
                table = model._meta.db_table
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
                self.result.deleted[table] = cursor.rowcount

    def created(self, model, count):
        label = model._meta.label
        self.result.created[label] = self.result.created.get(label, 0) + count

    def bulk(self, model, rows):
        model.objects.bulk_create(rows, batch_size=self.batch_size)
        self.created(model, len(rows))

    def with_search_text(self, rows):
        for row in rows:
            row.search_text = row.folded_search_text()
        return rows

    # ---- reference rows ----------------------------------------------------------------
    def create_themes(self):
        """The 8 real themes (their slugs are a URL contract), reused when already present."""
        path = Path(settings.FIXTURES_ROOT) / "reference" / "themes.json"
        with path.open(encoding="utf-8") as file:  # read-only: fixtures are never written
            items = json.load(file)["themes"]
        existing = {theme.slug: theme for theme in Theme.objects.all()}
        fields = ("name", "name_en", "group", "position", "description", "description_en")
        missing = [
            Theme(slug=item["slug"], **{name: item.get(name, "") for name in fields})
            for item in items
            if item["slug"] not in existing
        ]
        self.bulk(Theme, missing)
        existing.update((theme.slug, theme) for theme in missing)
        return [existing[item["slug"]] for item in items]

    def create_indicators(self):
        indicators = []
        for name, name_en, unit, phrase in INDICATORS:
            indicator = Indicator(
                slug=f"{PREFIX}{slugify(name_en)}",
                name=name,
                name_en=name_en,
                unit=unit,
                description=f"Chỉ tiêu mô phỏng để đo hiệu năng: {name[:1].lower()}{name[1:]}.",
                description_en=f"Synthetic indicator for benchmarking: {name_en[:1].lower()}{name_en[1:]}.",
            )
            # Not model fields: how report sentences state the figure, and its plausible maximum.
            indicator.phrase = phrase
            indicator.high = COUNT_HIGHS.get(name_en)
            indicators.append(indicator)
        self.bulk(Indicator, self.with_search_text(indicators))
        return indicators

    def free_gso_codes(self):
        """Two-digit codes used neither by the real provinces nor by any province in the database."""
        path = Path(settings.FIXTURES_ROOT) / "reference" / "provinces.json"
        with path.open(encoding="utf-8") as file:
            taken = {item["gso_code"] for item in json.load(file)["provinces"]}
        taken.update(Province.objects.values_list("gso_code", flat=True))
        return [code for code in (f"{number:02d}" for number in range(1, 100)) if code not in taken]

    def create_provinces(self):
        codes = self.free_gso_codes()
        count = self.province_total
        if count is None:  # by default each province gets about LESSONS_PER_PROVINCE lessons
            count = max(1, min(len(codes), round(self.lesson_total / LESSONS_PER_PROVINCE)))
        if count > len(codes):
            raise SyntheticDataError(f"At most {len(codes)} synthetic provinces fit the free two-digit GSO codes.")
        regions = [choice for choice, _label in Province.Region.choices]
        provinces = []
        for index, code in enumerate(codes[:count]):
            place = PLACE_NAMES[index % len(PLACE_NAMES)]
            provinces.append(
                Province(
                    slug=f"{PREFIX}{slugify(unaccented(place))}-{code}",
                    name=f"Tỉnh mô phỏng {place} {code}",
                    name_en=f"Simulated province {unaccented(place)} {code}",
                    gso_code=code,
                    region=regions[index % len(regions)],
                )
            )
        self.bulk(Province, self.with_search_text(provinces))
        return provinces

    def create_localities(self):
        """Per province: a city, two districts, a commune and a township under the districts."""
        Level = Locality.Level
        by_province = {}
        parents, children = [], []
        for province in self.provinces:
            city, first, second, commune, township = self.rng.sample(PLACE_NAMES, 5)
            city = self.new_locality(province, f"Thành phố {city}", f"{unaccented(city)} City", Level.CITY)
            district_a = self.new_locality(province, first, unaccented(first), Level.DISTRICT)
            district_b = self.new_locality(province, second, unaccented(second), Level.DISTRICT)
            commune = self.new_locality(province, commune, unaccented(commune), Level.COMMUNE, district_a)
            township = self.new_locality(
                province, f"Thị trấn {township}", f"{unaccented(township)} Township", Level.TOWNSHIP, district_b
            )
            parents += [city, district_a, district_b]
            children += [commune, township]
            by_province[province.pk] = [city, district_a, district_b, commune, township]
        # Parents first, so that the children can point at their ids.
        self.bulk(Locality, self.with_search_text(parents))
        self.bulk(Locality, self.with_search_text(children))
        return by_province

    @staticmethod
    def new_locality(province, name, name_en, level, parent=None):
        return Locality(
            province=province,
            slug=f"{PREFIX}{province.gso_code}-{slugify(unaccented(name))}",
            name=name,
            name_en=name_en,
            level=level,
            parent=parent,
        )

    # ---- reports and what they state ---------------------------------------------------
    def create_reports_and_records(self):
        report_count = max(len(self.provinces), math.ceil(self.lesson_total / LESSONS_PER_REPORT))
        plan = list(
            zip(
                even_split(self.lesson_total, report_count),
                even_split(round(self.lesson_total * INITIATIVES_PER_LESSON), report_count),
                even_split(round(self.lesson_total * METRICS_PER_LESSON), report_count),
                strict=True,
            )
        )
        self.counters = {"lesson": 0, "initiative": 0, "metric": 0}
        chunk = max(1, self.batch_size // LESSONS_PER_REPORT)
        for start in range(0, report_count, chunk):
            self.write_chunk([(number, *plan[number]) for number in range(start, min(start + chunk, report_count))])
            self.progress(
                f"{self.result.created.get('lessons.Lesson', 0)}/{self.lesson_total} lessons, "
                f"{self.result.created.get('provinces.Report', 0)}/{report_count} reports"
            )

    def write_chunk(self, plan):
        reports, report_places, records = [], [], {Lesson: [], Initiative: [], Metric: []}
        for number, lessons, initiatives, metrics in plan:
            report, places, built = self.build_report(number, lessons, initiatives, metrics)
            reports.append(report)
            report_places += [(report, province) for province in places]
            for model, rows in built.items():
                records[model] += rows
        self.bulk(Report, self.with_search_text(reports))
        ReportProvinces = Report.provinces.through
        ReportProvinces.objects.bulk_create(
            [ReportProvinces(report_id=report.pk, province_id=province.pk) for report, province in report_places],
            batch_size=self.batch_size,
        )
        for model in (Lesson, Initiative):
            rows = [row for row, _themes in records[model]]
            self.bulk(model, self.with_search_text(rows))
            through = model.themes.through
            owner = f"{model._meta.model_name}_id"
            through.objects.bulk_create(
                [
                    through(**{owner: row.pk, "theme_id": theme.pk})
                    for row, themes in records[model]
                    for theme in themes
                ],
                batch_size=self.batch_size,
            )
        self.bulk(Metric, records[Metric])

    def build_report(self, number, lesson_count, initiative_count, metric_count):
        rng = self.rng
        primary = self.provinces[number % len(self.provinces)]
        places = [primary]
        if len(self.provinces) > 1 and rng.random() < 0.125:  # some reports cover two provinces
            places.append(self.provinces[(number + 1) % len(self.provinces)])
        year = rng.randint(2019, 2025)
        published = self.published = date(year, rng.randint(1, 12), rng.randint(1, 28))
        title_vi, title_en = rng.choice(REPORT_TITLES)
        report = Report(
            slug=f"{PREFIX}bao-cao-{number + 1:06d}",
            title=title_vi.format(p=" và ".join(p.name for p in places), y=year),
            title_en=title_en.format(p=" and ".join(p.name_en for p in places), y=year),
            publisher=rng.choice(PUBLISHERS),
            byline=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}",
            published_on=published,
            language="vi",
            source_file=f"synthetic/{PREFIX}bao-cao-{number + 1:06d}.txt",
        )
        seen = set()  # each sentence once per body, so an excerpt is found where it belongs
        ordinals = {}
        built = {
            Lesson: [self.build_lesson(report, places, seen, ordinals) for _ in range(lesson_count)],
            Initiative: [self.build_initiative(report, places, seen) for _ in range(initiative_count)],
            Metric: [self.build_metric(report, places, seen) for _ in range(metric_count)],
        }
        sentences = list(seen)
        sentences.sort()  # sets have no stable order; sort, then shuffle with the seeded generator
        rng.shuffle(sentences)
        report.body = self.build_body(report, published, sentences)
        return report, places, built

    def build_body(self, report, published, sentences):
        rng = self.rng
        fillers = iter(rng.sample(FILLERS, len(FILLERS)))
        opening = f"{next(fillers)} {next(fillers)}"
        paragraphs = [report.title, f"{report.publisher}, ngày {published:%d/%m/%Y}", opening]
        index = 0
        while index < len(sentences):
            size = rng.randint(3, 5)
            paragraph = sentences[index : index + size]
            index += size
            filler = next(fillers, None) if rng.random() < 0.5 else None
            if filler:
                paragraph.insert(rng.randint(0, len(paragraph)), filler)
            paragraphs.append(" ".join(paragraph))
        paragraphs.append(next(fillers, "Kết quả này sẽ được tiếp tục theo dõi, đánh giá trong thời gian tới."))
        return "\n\n".join(paragraphs)

    def pick_place(self, places, locality_share):
        rng = self.rng
        province = places[0] if len(places) == 1 or rng.random() < 0.8 else places[1]
        locality = rng.choice(self.localities[province.pk]) if rng.random() < locality_share else None
        return province, locality

    def unique_sentence(self, seen, make):
        """A sentence not yet in this report's body (make() draws a new one each call)."""
        for _attempt in range(50):
            sentence, extra = make()
            if sentence not in seen:
                seen.add(sentence)
                return sentence, extra
        raise SyntheticDataError("Could not draw a distinct sentence; the phrase pools are too small.")

    def themes_for_record(self):
        return self.rng.sample(self.themes, self.rng.choice((1, 1, 2)))

    def build_lesson(self, report, places, seen, ordinals):
        rng = self.rng
        province, locality = self.pick_place(places, 0.35)
        kind = rng.choice(Lesson.Kind.values)
        mention = rng.choice(("title", "excerpt", "both")) if rng.random() < DIGITAL_SHARE else ""

        def make():
            subject, verb, obj, gain = (rng.choice(pool) for pool in (SUBJECTS, ACTIONS, OBJECTS, GAINS))
            sentence_vi, summary = LESSON_TEMPLATES[kind]
            where = f"Tại {locality.name}, " if locality else ""
            sentence = capitalized(
                sentence_vi.format(where=where, subject=subject[0], verb=verb[0], obj=obj[0], gain=gain[0])
            )
            if mention in ("excerpt", "both"):
                sentence = sentence[:-1] + rng.choice(DIGITAL_ENDINGS) + "."
            summary = summary.format(subject=subject[1], verb=verb[1], obj=obj[1], gain=gain[1])
            if locality:
                summary = f"In {locality.name_en}: {summary[:1].lower()}{summary[1:]}"
            return sentence, (subject, verb, obj, summary)

        excerpt, (subject, verb, obj, summary) = self.unique_sentence(seen, make)
        tail = DIGITAL_TITLE if mention in ("title", "both") else rng.choice(TITLE_TAILS)
        if mention:
            summary += " Part of the province's digital transformation."
        ordinals[kind] = ordinal = ordinals.get(kind, 0) + 1
        self.counters["lesson"] += 1
        lesson = Lesson(
            slug=f"{PREFIX}bai-hoc-{self.counters['lesson']:07d}",
            report=report,
            excerpt=excerpt,
            province=province,
            locality=locality,
            subject=subject[0],
            subject_en=subject[1],
            kind=kind,
            ordinal=ordinal,
            title=capitalized(f"{verb[0]} {obj[0]}{tail[0]}"),
            title_en=capitalized(f"{verb[1]} {obj[1]}{tail[1]}"),
            summary_en=summary,
        )
        return lesson, self.themes_for_record()

    def build_initiative(self, report, places, seen):
        rng = self.rng
        province, locality = self.pick_place(places, 0.5)
        year = rng.randint(2018, max(2018, self.published.year))  # started before it was reported
        if locality is None:
            level = Initiative.Level.PROVINCE
        elif locality.level in (Locality.Level.CITY, Locality.Level.TOWN, Locality.Level.DISTRICT):
            level = Initiative.Level.DISTRICT
        else:
            level = Initiative.Level.COMMUNE

        def make():
            (x_vi, x_en), (form_vi, form_en) = rng.choice(INITIATIVE_NAMES), rng.choice(INITIATIVE_FORMS)
            subject, gain = rng.choice(SUBJECTS), rng.choice(GAINS)
            name = form_vi.format(x=x_vi) + (f" ở {locality.name}" if locality else "")
            name_en = form_en.format(x=x_en) + (f" in {locality.name_en}" if locality else "")
            template_vi, template_en = rng.choice(INITIATIVE_TEMPLATES)
            sentence = template_vi.format(
                year=year,
                place=locality.name if locality else "toàn tỉnh",
                subject=subject[0],
                name=name[:1].lower() + name[1:],
                gain=gain[0],
            )
            summary = template_en.format(
                year=year,
                place_en=locality.name_en if locality else "the province",
                subject=subject[1],
                name=name_en,
                gain=gain[1],
            )
            return sentence, (name, name_en, summary)

        excerpt, (name, name_en, summary) = self.unique_sentence(seen, make)
        self.counters["initiative"] += 1
        initiative = Initiative(
            slug=f"{PREFIX}sang-kien-{self.counters['initiative']:07d}",
            report=report,
            excerpt=excerpt,
            province=province,
            locality=locality,
            name=name,
            name_en=name_en,
            level=level,
            start_year=year,
            summary_en=summary,
        )
        return initiative, self.themes_for_record()

    def build_metric(self, report, places, seen):
        rng = self.rng

        def make():
            indicator = rng.choice(self.indicators)
            province, locality = self.pick_place(places, 0 if indicator.unit == Indicator.Unit.RANK else 0.3)
            # A figure for a period the report could know about: up to its publication month.
            year = rng.randint(self.published.year - 2, self.published.year)
            last_month = self.published.month if year == self.published.year else 12
            month = rng.randint(1, last_month) if rng.random() < 0.3 else None
            denominator = None
            qualifier = Metric.Qualifier.EXACT
            if indicator.unit == Indicator.Unit.RANK:
                value, denominator = Decimal(rng.randint(1, 63)), RANK_DENOMINATOR
                figure = f"{format_number(value)}/{format_number(denominator)}"
            else:
                if rng.random() < 0.2:
                    qualifier = rng.choice([q for q in QUALIFIER_WORDS if q != Metric.Qualifier.EXACT])
                if indicator.unit == Indicator.Unit.PERCENT:
                    value = Decimal(rng.randint(100, 10000)) / 100  # 1.00 to 100.00
                    figure = f"{format_number(value)}%"
                else:
                    high = indicator.high if locality is None else max(10, indicator.high // 10)
                    value = Decimal(rng.randint(max(1, high // 50), high))
                    figure = format_number(value)
                figure = QUALIFIER_WORDS[qualifier] + figure
            scope = f"ở {locality.name}" if locality else "trên địa bàn tỉnh"
            lead = f"Tính đến tháng {month}/{year}, " if month else f"Năm {year}, "
            sentence = lead + indicator.phrase.format(scope=scope, v=figure) + "."
            return sentence, (indicator, province, locality, value, denominator, qualifier, year, month)

        excerpt, (indicator, province, locality, value, denominator, qualifier, year, month) = self.unique_sentence(
            seen, make
        )
        self.counters["metric"] += 1
        return Metric(
            slug=f"{PREFIX}so-lieu-{self.counters['metric']:07d}",
            report=report,
            excerpt=excerpt,
            indicator=indicator,
            province=province,
            locality=locality,
            value=value,
            denominator=denominator,
            qualifier=qualifier,
            period_year=year,
            period_month=month,
        )
