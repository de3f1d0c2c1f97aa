"""User-facing text in Vietnamese (default) and English. The core speaks in message keys.

Counts in English: a template writes `{n:one|other}` for the word that depends on the count n
("{n} {n:unit|units}", "{n:meets|meet}"); the forms may be fields themselves
("{n:{unit}|{units}}"). Vietnamese has no plural and never needs it. `plural()` is the same rule
for code. A parameter `where` (the part of a file a key is in, as the loaders name it) is said in
Vietnamese in the Vietnamese text, and gives `{where_in}`: " trong …" / " in …", or nothing."""

from __future__ import annotations

import string
from typing import Any

from ntm_eval.errors import Problem, in_workbook

# key: (Vietnamese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # files and YAML
    "file.not_found": ("không tìm thấy tệp", "file not found"),
    "file.unreadable": ("không có quyền đọc tệp", "permission denied"),
    "file.is_dir": ("đây là thư mục, không phải tệp (đánh giá cả thư mục: “ntm-eval batch THƯ_MỤC”)",
                    "this is a folder, not a file (to evaluate a folder: “ntm-eval batch FOLDER”)"),
    "file.too_large": ("tệp quá lớn ({size} byte, tối đa {limit})", "file too large ({size} bytes, limit {limit})"),
    "file.not_utf8": ("tệp không phải UTF-8 (byte {byte}); hãy lưu lại với mã hóa UTF-8",
                      "file is not UTF-8 (byte {byte}); save it as UTF-8"),
    "file.empty": ("tệp rỗng", "file is empty"),
    "file.not_regular": ("không phải tệp thông thường (FIFO, thiết bị…); chỉ đọc tệp thông thường",
                         "not a regular file (a FIFO, a device…); only regular files are read"),
    "file.unreadable_folder": ("không đọc được thư mục ({detail}); các tệp trong đó không được đánh giá",
                               "cannot read the folder ({detail}); the files in it are not evaluated"),
    "catalog.id_clash": ("tệp này mang mã bộ tiêu chí {set_id}, nhưng mã đó đã là của tệp {other}; mỗi mã chỉ thuộc một bộ — đổi “id:” của tệp này",
                         "this file claims the set id {set_id}, which already belongs to {other}; an id names one set only — change this file's “id:”"),
    "data.requires_unknown": ("bộ {set_id} cần bộ tiêu chí tiên quyết “{name}”, nhưng không tìm thấy bộ đó (kiểm tra bằng “ntm-eval validate”)",
                              "set {set_id} requires the set “{name}”, which cannot be found (check with “ntm-eval validate”)"),
    "data.unknown_indicator.listed": ("bộ {set_id} không ghi mã chỉ tiêu “{indicator}”; tiêu chí {criterion} trong bộ này gồm: {listed}. Kết luận cho cả tiêu chí {criterion} ghi dưới “criteria:” (verdict: đạt, by: …)",
                                      "set {set_id} does not record the indicator “{indicator}”; its criterion {criterion} holds: {listed}. A verdict for the whole criterion {criterion} goes under “criteria:” (verdict: đạt, by: …)"),
    "data.unknown_criterion": ("bộ {set_id} không có tiêu chí “{name}” (các tiêu chí: {choices})",
                               "set {set_id} has no criterion “{name}” (criteria: {choices})"),
    "data.bad_verdict": ("kết luận phải là “Đạt” hoặc “Chưa đạt” (hoặc true/false), nhận được “{value}”",
                         "a verdict must be “Đạt” or “Chưa đạt” (or true/false), got “{value}”"),
    "data.unsourced_verdicts": ("{n} kết luận theo xác nhận không ghi cơ quan xác nhận (“by”): {ids}",
                                "{n} given {n:verdict|verdicts} name no attesting body (“by”): {ids}"),
    "data.attestation_future": ("văn bản xác nhận ghi ngày {value}, sau ngày đánh giá {date}",
                                "the attesting document is dated {value}, after the evaluation date {date}"),
    "data.path_outside": ("đường dẫn “{name}” ra ngoài thư mục dự án {root}; chỉ dùng tệp trong thư mục dự án (hoặc đặt NTM_EVAL_ROOT)",
                          "the path “{name}” leads outside the project folder {root}; use files inside it (or set NTM_EVAL_ROOT)"),
    "data.member_not_yaml": ("thành viên “{name}” không phải tệp .yaml/.yml", "member “{name}” is not a .yaml/.yml file"),
    "data.bad_set_ref": ("“criteria_set: {name}” không phải mã bộ tiêu chí (ví dụ vn/2021-2025/xa-ntm) cũng không phải tệp .yaml",
                         "“criteria_set: {name}” is neither a set id (e.g. vn/2021-2025/xa-ntm) nor a .yaml file"),
    "data.set_file_missing": ("không tìm thấy tệp bộ tiêu chí “{name}” (đường dẫn tính từ thư mục của tệp dữ liệu)",
                              "criteria file “{name}” not found (the path is relative to the data file's folder)"),
    "data.values_twice": ("giá trị của bộ {set_id} được ghi hai lần: ở “values:” (dòng {first_line}) và ở đây trong “values_for”; giữ một chỗ",
                          "values for {set_id} are given twice: under “values:” (line {first_line}) and here under “values_for”; keep one"),
    "data.member_unreadable": ("không đọc được thư mục thành viên {name} ({detail}): các chỉ tiêu tính từ thành viên chưa thể kết luận",
                               "cannot read the member folder {name} ({detail}): indicators computed from members stay undecided"),
    "file.os_error": ("không đọc được tệp: {detail}", "cannot read the file: {detail}"),
    "yaml.syntax": ("lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
    "yaml.syntax_tab": ("lỗi cú pháp YAML: dòng này thụt lề bằng phím TAB; YAML chỉ thụt lề bằng dấu cách ({detail})",
                        "YAML syntax error: this line is indented with a TAB; YAML indents with spaces only ({detail})"),
    "yaml.syntax_quote": ("lỗi cú pháp YAML: có dấu nháy kép chưa đóng? ({detail})",
                          "YAML syntax error: an unclosed double quote? ({detail})"),
    "yaml.too_deep": ("cấu trúc lồng nhau quá sâu", "nesting too deep"),
    "yaml.too_many_nodes": ("tệp mở rộng thành quá nhiều phần tử (>{limit}); có thể là “bom YAML” dùng bí danh (alias) lồng nhau",
                            "file expands to too many nodes (>{limit}); possibly an alias bomb"),
    "yaml.control_char": ("ký tự điều khiển {char} không được phép trong tệp YAML; xóa nó (thường do sao chép từ Word/Excel)",
                          "control character {char} is not allowed in a YAML file; delete it (often pasted from Word/Excel)"),
    "yaml.too_large": ("tài liệu quá lớn: hơn {limit} phần tử ({chars} ký tự); tệp dữ liệu một đơn vị chỉ có vài trăm",
                       "document too large: more than {limit} items ({chars} characters); a unit's data file has a few hundred"),
    "yaml.complex_key": ("khóa phải là một giá trị đơn", "mapping keys must be plain scalars"),
    "yaml.merge_key": ("không hỗ trợ khóa gộp '<<'", "merge keys '<<' are not supported"),
    "yaml.duplicate_key": ("khóa “{key}” bị lặp (đã có ở dòng {first_line}); giá trị không được ghi đè âm thầm",
                           "duplicate key “{key}” (first at line {first_line}); values are never silently overwritten"),
    "yaml.bad_tag": ("thẻ YAML không được phép: {tag} (chỉ dùng dữ liệu thuần: số, chữ, danh sách, ánh xạ)",
                     "YAML tag not allowed: {tag} (plain data only: numbers, text, lists, mappings)"),
    "yaml.bad_scalar": ("giá trị “{value}” không hợp lệ cho kiểu {tag}", "value “{value}” is not valid for {tag}"),
    # schema of criteria and data files
    "schema.expected_mapping": ("“{what}” phải là một ánh xạ (khóa: giá trị), nhận được {got}",
                                "“{what}” must be a mapping (key: value), got {got}"),
    "schema.unknown_key": ("khóa không hợp lệ “{name}”{where_in}", "unknown key “{name}”{where_in}"),
    "schema.missing_key": ("thiếu khóa bắt buộc “{name}”{where_in}", "missing required key “{name}”{where_in}"),
    "schema.expected_text": ("“{name}” phải là văn bản, nhận được {got}", "“{name}” must be text, got {got}"),
    "schema.bad_date": ("“{name}”: ngày “{value}” không hợp lệ, cần dạng YYYY-MM-DD",
                        "“{name}”: invalid date “{value}”, expected YYYY-MM-DD"),
    "schema.bad_choice": ("“{name}”: giá trị “{value}” không hợp lệ; chọn một trong: {choices}",
                          "“{name}”: invalid value “{value}”; expected one of: {choices}"),
    "schema.expected_list": ("“{name}” phải là một danh sách", "“{name}” must be a list"),
    "schema.unknown_source": ("nguồn “{name}” chưa khai báo trong “sources”", "source “{name}” is not declared in “sources”"),
    "schema.version": ("“schema_version” {value} không được hỗ trợ (chỉ hỗ trợ 1)", "schema_version {value} is not supported (only 1)"),
    "schema.bad_set_id": ("mã bộ tiêu chí “{value}” không hợp lệ: chỉ dùng chữ thường, số, . _ - và /, không có “..”",
                          "invalid set id “{value}”: use lower-case letters, digits, . _ - and /, no “..”"),
    "schema.expected_int": ("“{name}” phải là số nguyên, nhận được {got}", "“{name}” must be a whole number, got {got}"),
    "schema.expected_years": ("“years” phải là danh sách năm, ví dụ [2022, 2023]", "“years” must be a list of years, e.g. [2022, 2023]"),
    "schema.remove_unknown": ("“remove”: không có mã “{name}” để bỏ", "“remove”: there is no id “{name}” to remove"),
    "schema.no_criteria": ("bộ tiêu chí không có tiêu chí nào", "the criteria set defines no criteria"),
    "schema.no_indicators": ("tiêu chí không có chỉ tiêu nào", "the criterion has no indicators"),
    "schema.unknown_class": ("giá trị phân loại “{value}” không có trong “classification.values”",
                             "class “{value}” is not among classification.values"),
    "schema.unknown_category": ("nhóm đặc thù “{value}” chưa khai báo trong “categories”",
                                "category “{value}” is not declared in “categories”"),
    "schema.bad_indicator_id": ("mã chỉ tiêu “{value}” không hợp lệ", "invalid indicator id “{value}”"),
    "schema.expected_bool": ("“{name}” phải là true hoặc false", "“{name}” must be true or false"),
    "schema.parts_need_composite": ("chỉ chỉ tiêu loại “all_of”/“any_of”/“first_applicable” mới có “parts”", "only all_of/any_of/first_applicable indicators have “parts”"),
    "schema.nested_composite": ("không lồng chỉ tiêu tổng hợp trong “parts”", "composite indicators cannot be nested in “parts”"),
    "schema.composite_needs_parts": ("chỉ tiêu loại “all_of”/“any_of”/“first_applicable” cần “parts”", "an all_of/any_of/first_applicable indicator needs “parts”"),
    "schema.composite_threshold": ("chỉ tiêu tổng hợp không có “threshold” riêng; đặt ngưỡng ở từng phần",
                                   "a composite indicator has no threshold of its own; set it on its parts"),
    "schema.counts_need_number": ("“counts” chỉ dùng cho chỉ tiêu số hoặc tỷ lệ", "“counts” is only for number or percent indicators"),
    "schema.version_needs_from": ("mỗi phiên bản ngưỡng trong danh sách cần “from” (ngày có hiệu lực)",
                                  "each threshold version in a list needs “from” (date in force)"),
    "schema.bad_op": ("phép so sánh “{value}” không hợp lệ; dùng: {choices}", "invalid comparator “{value}”; use: {choices}"),
    "schema.yes_no_op": ("chỉ tiêu Đạt/Không đạt chỉ dùng op “=”", "a yes/no indicator only uses op “=”"),
    "schema.versions_order": ("các phiên bản ngưỡng phải theo thứ tự ngày “from” tăng dần, không trùng",
                              "threshold versions must be in increasing “from” order, without repeats"),
    "schema.bool_for_number": ("ngưỡng true/false cho chỉ tiêu số", "a true/false threshold on a numeric indicator"),
    "schema.number_for_bool": ("ngưỡng số cho chỉ tiêu Đạt/Không đạt", "a numeric threshold on a yes/no indicator"),
    "schema.not_finite": ("ngưỡng phải là số hữu hạn", "the threshold must be a finite number"),
    "schema.percent_range": ("ngưỡng tỷ lệ {value} nằm ngoài 0–100", "percentage threshold {value} is outside 0–100"),
    "schema.expected_number": ("“{name}” phải là một số", "“{name}” must be a number"),
    "schema.no_classification": ("“{name}” cần khai báo “classification” của bộ tiêu chí",
                                 "“{name}” needs the set to declare a “classification”"),
    "schema.wrong_dimension": ("“{name}” không khớp phân loại của bộ; dùng “{expected}”",
                               "“{name}” does not match the set's classification; use “{expected}”"),
    "schema.bad_year": ("“{value}” không phải là năm (YYYY)", "“{value}” is not a year (YYYY)"),
    "schema.bad_value": ("giá trị ngưỡng không hợp lệ: {got}; dùng số, “true”/“false”, “unknown”, “by_year”, “by_<phân loại>”, “derived”",
                         "invalid threshold value: {got}; use a number, true/false, unknown, by_year, by_<class>, derived"),
    "schema.duplicate_id": ("mã “{value}” bị trùng trong bộ tiêu chí", "id “{value}” is used twice in the set"),
    "schema.extends_unresolved": ("không tìm được bộ tiêu chí gốc “{name}”", "cannot resolve parent set “{name}”"),
    "schema.extends_unknown": ("bộ tiêu chí gốc “{name}” không tồn tại", "parent set “{name}” does not exist"),
    "schema.cycle": ("vòng lặp kế thừa/điều kiện: {chain}", "inheritance or prerequisite cycle: {chain}"),
    "schema.members_need_percent": ("“from_members” chỉ dùng cho chỉ tiêu tỷ lệ (percent)",
                                    "“from_members” is only for percent indicators"),
    "data.members_list": ("“members” phải là danh sách tệp hoặc thư mục dữ liệu của các đơn vị trực thuộc",
                          "“members” must be a list of member data files or folders"),
    "data.member_no_level": ("tệp đơn vị trực thuộc cần “unit.level” (xa, thi_tran…)",
                             "a member file needs “unit.level” (xa, thi_tran…)"),
    "data.member_missing": ("không tìm thấy tệp/thư mục đơn vị trực thuộc “{name}”", "member file or folder “{name}” not found"),
    "data.values_for": ("“values_for” phải là ánh xạ: mã bộ tiêu chí → các giá trị chỉ tiêu",
                        "“values_for” must map a set id to its indicator values"),
    "data.no_values_for": ("tệp không có giá trị cho bộ {set_id} (thêm “values_for: {{{set_id}: …}}”): mọi chỉ tiêu của bộ này là thiếu dữ liệu",
                           "the file has no values for set {set_id} (add “values_for: {{{set_id}: …}}”): all its indicators are missing"),
    "schema.bad_ref": ("“{value}” không phải mã bộ tiêu chí (tham chiếu giữa các bộ dùng mã như vn/2021-2025/xa-ntm, không dùng đường dẫn)",
                       "“{value}” is not a set id (sets refer to each other by id such as vn/2021-2025/xa-ntm, never by path)"),
    "data.members_unused": ("bộ {set_id} không có chỉ tiêu nào tính từ đơn vị trực thuộc: “members” không được dùng",
                            "set {set_id} has no indicator computed from member units: “members” is not used"),
    "validate.no_provenance": ("ngưỡng đã biết nhưng thiếu {missing}: báo cáo sẽ không cho người đọc biết ngưỡng lấy từ đâu, tin cậy đến mức nào",
                               "a known threshold without {missing}: reports cannot tell readers where it comes from or how sure it is"),
    "schema.extends_needs_title": ("bộ tiêu chí kế thừa (“extends”) phải có “title” riêng, để báo cáo không hiển thị tên của bộ gốc",
                                   "an extending set needs its own “title”, so reports do not show the parent's name"),
    "catalog.unknown_set": ("không có bộ tiêu chí “{name}”; xem danh sách bằng “ntm-eval sets”",
                            "no criteria set “{name}”; list them with “ntm-eval sets”"),
    # unit data
    "data.not_mapping": ("tệp dữ liệu phải là một ánh xạ với các khóa “unit”, “year”, “values”",
                         "a data file must be a mapping with keys unit, year, values"),
    "data.bad_year": ("năm “{value}” không hợp lệ", "invalid year “{value}”"),
    "data.date_year": ("ngày đánh giá {value} không thuộc năm {year}", "evaluation date {value} is not in year {year}"),
    "data.no_year": ("thiếu năm đánh giá: thêm “year: 2024” vào tệp hoặc dùng --year",
                     "no evaluation year: add “year: 2024” to the file or pass --year"),
    "data.level_mismatch": ("đơn vị cấp “{value}” nhưng bộ tiêu chí {set_id} dành cho cấp “{expected}”",
                            "unit level “{value}” but set {set_id} is for level “{expected}”"),
    "data.no_class": ("thiếu “unit.{key_name}”: bộ {set_id} có ngưỡng theo “{key_name}”; chọn một trong: {choices}",
                      "missing unit.{key_name}: set {set_id} has thresholds by {key_name}; one of: {choices}"),
    "data.bad_class": ("“unit.{key_name}” “{value}” không hợp lệ; chọn một trong: {choices}",
                       "invalid unit.{key_name} “{value}”; one of: {choices}"),
    "data.unknown_category": ("nhóm đặc thù “{value}” không có trong bộ {set_id} (có: {choices})",
                              "category “{value}” is not known to set {set_id} (known: {choices})"),
    # official administrative units (load/adminunits.py, docs/units.md)
    "units.no_dataset": ("không kiểm tra được mã/tên đơn vị hành chính: chưa cài dữ liệu đơn vị ({package}; cài “pip install 'ntm-eval[units]'”)",
                         "cannot check the unit's code or names: the units dataset ({package}) is not installed (“pip install 'ntm-eval[units]'”)"),
    "units.bad_code": ("mã đơn vị hành chính “{value}” không hợp lệ: mã là dãy chữ số (xã 5, huyện 3, tỉnh 2 chữ số), ví dụ 03430",
                       "unit code “{value}” is not valid: a code is digits (5 for a commune, 3 for a district, 2 for a province), e.g. 03430"),
    "units.unknown_code": ("không có đơn vị hành chính mang mã {code} (danh mục của Cục Thống kê, cả trước và từ 01/7/2025)",
                           "no administrative unit has the code {code} (the statistics office's list, before and from 1/7/2025)"),
    "units.code_abolished": ("mã {code} là của {official}, đơn vị trước 01/7/2025, không còn vào ngày đánh giá {date}: dùng mã của đơn vị mới",
                             "code {code} is {official}, a unit before 1/7/2025, abolished by the evaluation date {date}: use the new unit's code"),
    "units.code_not_yet": ("mã {code} là của {official}, đơn vị chỉ có từ 01/7/2025, chưa có vào ngày đánh giá {date}",
                           "code {code} is {official}, a unit only from 1/7/2025, not yet in force on the evaluation date {date}"),
    "units.code_name": ("mã {code} là của {official}, không phải “{value}” (ngày đánh giá {date})",
                        "code {code} is {official}, not “{value}” (evaluation date {date})"),
    "units.code_province": ("mã {code} là của {official}, không thuộc tỉnh “{value}” (ngày đánh giá {date})",
                            "code {code} is {official}, not in the province “{value}” (evaluation date {date})"),
    "units.code_district": ("theo danh mục trước 01/7/2025, mã {code} là {official}, không thuộc “{value}”; nếu địa giới đã đổi sau ngày đánh giá {date} thì bỏ qua cảnh báo này",
                            "in the list as it stood before 1/7/2025, code {code} is {official}, not in “{value}”; if the boundary changed after the evaluation date {date}, ignore this warning"),
    "units.unknown_province": ("không có tỉnh/thành phố “{value}” trong danh mục đơn vị hành chính vào ngày {date}; tên chính thức gần nhất: {names}",
                               "no province “{value}” among the administrative units in force on {date}; closest official names: {names}"),
    "units.province_abolished": ("“{value}” là tỉnh trước 01/7/2025; vào ngày đánh giá {date} là 34 tỉnh, thành phố mới (gần nhất: {names})",
                                 "“{value}” is a province before 1/7/2025; on the evaluation date {date} the 34 new provinces apply (closest: {names})"),
    "units.province_not_yet": ("“{value}” là tỉnh từ 01/7/2025, chưa có vào ngày đánh giá {date} (gần nhất: {names})",
                               "“{value}” is a province only from 1/7/2025, not yet on the evaluation date {date} (closest: {names})"),
    "units.unknown_district": ("tỉnh {within} không có huyện/thị xã/thành phố “{value}” vào ngày {date}; tên chính thức gần nhất: {names}",
                               "the province {within} has no district “{value}” on {date}; closest official names: {names}"),
    "units.unknown_commune": ("{within} không có xã/phường/thị trấn “{value}” vào ngày {date}; tên chính thức gần nhất: {names}",
                              "{within} has no commune “{value}” on {date}; closest official names: {names}"),
    # the same, when no official name is close to what is written (nothing to suggest)
    "units.unknown_province_far": ("không có tỉnh/thành phố “{value}” trong danh mục đơn vị hành chính vào ngày {date}; không có tên gần giống",
                                   "no province “{value}” among the administrative units in force on {date}; no close official name"),
    "units.province_abolished_far": ("“{value}” là tỉnh trước 01/7/2025; vào ngày đánh giá {date} là 34 tỉnh, thành phố mới",
                                     "“{value}” is a province before 1/7/2025; on the evaluation date {date} the 34 new provinces apply"),
    "units.province_not_yet_far": ("“{value}” là tỉnh từ 01/7/2025, chưa có vào ngày đánh giá {date}",
                                   "“{value}” is a province only from 1/7/2025, not yet on the evaluation date {date}"),
    "units.unknown_district_far": ("tỉnh {within} không có huyện/thị xã/thành phố “{value}” vào ngày {date}; không có tên gần giống",
                                   "the province {within} has no district “{value}” on {date}; no close official name"),
    "units.unknown_commune_far": ("{within} không có xã/phường/thị trấn “{value}” vào ngày {date}; không có tên gần giống",
                                  "{within} has no commune “{value}” on {date}; no close official name"),
    "units.spelling": ("tên chính thức viết là “{official}”, không phải “{value}”",
                       "the official spelling is “{official}”, not “{value}”"),
    "units.commune_district": ("theo danh mục trước 01/7/2025, “{value}” không thuộc {district} mà là {official}; nếu địa giới đã đổi sau ngày đánh giá {date} thì bỏ qua cảnh báo này",
                               "in the list as it stood before 1/7/2025, “{value}” is not in {district} but is {official}; if the boundary changed after the evaluation date {date}, ignore this warning"),
    "units.merged_before": ("“merged_from” chỉ dành cho xã, phường mới từ 01/7/2025; ngày đánh giá là {date}",
                            "“merged_from” is for the new communes from 1/7/2025; the evaluation date is {date}"),
    "units.merged_unchecked": ("không kiểm tra được “merged_from”: cần tên (hoặc mã) và tỉnh của xã mới để tra danh sách xã cũ hợp thành",
                               "cannot check “merged_from”: the new commune's name (or code) and province are needed to look up its predecessors"),
    "units.merged_unknown": ("“{value}” trong “merged_from” không phải đơn vị hành chính nào trước 01/7/2025; {official} được hợp thành từ: {listed}",
                             "“{value}” in “merged_from” is no administrative unit before 1/7/2025; {official} was formed from: {listed}"),
    "units.merged_other_province": ("“{value}” trong “merged_from” là {found}, thuộc tỉnh khác; {official} được hợp thành từ: {listed}",
                                    "“{value}” in “merged_from” is {found}, in another province; {official} was formed from: {listed}"),
    "units.merged_not_predecessor": ("“{value}” trong “merged_from” ({found}) không có trong danh sách xã cũ hợp thành {official}: {listed}",
                                     "“{value}” in “merged_from” ({found}) is not among the units {official} was formed from: {listed}"),
    "data.set_not_in_force": ("bộ {set_id} có hiệu lực {valid_from} – {valid_until}, không bao gồm ngày đánh giá {date}: các ngưỡng ngoài thời gian hiệu lực được coi là chưa có",
                              "set {set_id} is in force {valid_from} – {valid_until}, not on the evaluation date {date}: thresholds out of force count as unknown"),
    "data.unknown_indicator": ("mã chỉ tiêu “{indicator}” không có trong bộ {set_id}",
                               "indicator “{indicator}” is not in set {set_id}"),
    "data.composite_and_parts": ("chỉ tiêu {indicator}: hoặc cho kết luận chung, hoặc cho từng phần — không cả hai",
                                 "indicator {indicator}: give either the overall verdict or the parts, not both"),
    "data.value_and_counts": ("chỉ tiêu {indicator}: hoặc “value”, hoặc “numerator”/“denominator” — không cả hai",
                              "indicator {indicator}: give either “value” or “numerator/denominator”, not both"),
    "data.wrapper_no_value": ("chỉ tiêu {indicator}: thiếu “value” (hoặc “numerator”/“denominator”)",
                              "indicator {indicator}: missing “value” (or numerator/denominator)"),
    "data.not_optional": ("chỉ tiêu {indicator} luôn áp dụng (không phải “nếu có”), không được ghi n/a",
                          "indicator {indicator} always applies (it is not “if any”); n/a is not allowed"),
    "data.expected_bool": ("chỉ tiêu {indicator}: cần Đạt/Chưa đạt (true/false), nhận được “{value}”",
                           "indicator {indicator}: expected met/not met (true/false), got “{value}”"),
    "data.expected_number": ("chỉ tiêu {indicator}: cần một số{unit}, nhận được “{value}”",
                             "indicator {indicator}: expected a number{unit}, got “{value}”"),
    "data.ambiguous_number": ("chỉ tiêu {indicator}: “{value}” không rõ dấu chấm là phần nghìn hay thập phân; viết số không có dấu phân cách nghìn, ví dụ 1234,5 hoặc 1234.5",
                              "indicator {indicator}: in “{value}” the dot may be a thousands separator or a decimal point; write it without thousands separators, e.g. 1234.5"),
    "data.negative": ("chỉ tiêu {indicator}: giá trị âm “{value}” không hợp lệ", "indicator {indicator}: negative value “{value}”"),
    "data.percent_range": ("chỉ tiêu {indicator}: tỷ lệ “{value}” nằm ngoài 0–100%", "indicator {indicator}: percentage “{value}” is outside 0–100%"),
    "data.counts_not_percent": ("chỉ tiêu {indicator}: “numerator”/“denominator” chỉ dùng cho chỉ tiêu tỷ lệ",
                                "indicator {indicator}: numerator/denominator only apply to percentage indicators"),
    "data.bad_count": ("chỉ tiêu {indicator}: “{name}” phải là số nguyên không âm, nhận được “{value}”",
                       "indicator {indicator}: “{name}” must be a whole number ≥ 0, got “{value}”"),
    "data.zero_denominator": ("chỉ tiêu {indicator}: mẫu số bằng 0", "indicator {indicator}: denominator is 0"),
    "data.numerator_gt": ("chỉ tiêu {indicator}: tử số {numerator} lớn hơn mẫu số {denominator}",
                          "indicator {indicator}: numerator {numerator} exceeds denominator {denominator}"),
    # CLI
    "cli.no_set": ("chưa chọn bộ tiêu chí: thêm “criteria_set: …” vào tệp hoặc dùng --set (xem “ntm-eval sets”)",
                   "no criteria set: add “criteria_set: …” to the file or pass --set (see “ntm-eval sets”)"),
    "cli.output_is_input": ("--output sẽ ghi đè lên tệp đầu vào {path}; chọn tệp khác", "--output would overwrite input {path}; choose another file"),
    "cli.output_not_regular": ("--output {path} không phải tệp thông thường (thư mục, FIFO, thiết bị); không ghi vào đó",
                               "--output {path} is not a regular file (a folder, a FIFO, a device); not written"),
    "cli.output_no_folder": ("thư mục của --output {path} không tồn tại: {folder}",
                             "the folder of --output {path} does not exist: {folder}"),
    "cli.format_clash": ("--format {format} không khớp với đuôi tệp {path} (định dạng {inferred}); bỏ --format hoặc đổi tên tệp",
                         "--format {format} does not match the extension of {path} ({inferred}); drop --format or rename the file"),
    "cli.usage_error": ("{command}: lỗi: {message}", "{command}: error: {message}"),
    "sheet.spilled_quote": ("dấu nháy kép chưa đóng: ô này kéo dài từ dòng {first} đến dòng {last} của tệp và nuốt các dòng sau; đóng dấu nháy (\"…\") hoặc bỏ nó",
                            "unclosed double quote: this cell runs from line {first} to line {last} of the file and swallows the rows after it; close the quote (\"…\") or remove it"),
    "sheet.unclosed_quote": ("dấu nháy kép mở ở dòng {line} của tệp không bao giờ được đóng: mọi dòng sau bị nuốt vào một ô; đóng dấu nháy hoặc bỏ nó",
                             "a double quote opened on line {line} of the file is never closed: every row after it is swallowed into one cell; close or remove it"),
    "sheet.extra_cells": ("dòng có {cells} ô nhưng chỉ có {headers} cột tiêu đề (thừa: {extra}); số thập phân có dấu phẩy phải đặt trong dấu nháy (\"93,4\") hoặc dùng dấu ; làm dấu phân cách",
                          "the row has {cells} cells but only {headers} headers (extra: {extra}); a decimal comma must be quoted (\"93,4\") or use ; as the delimiter"),
    "sheet.missing_cells": ("dòng chỉ có {cells} ô, ít hơn {headers} cột tiêu đề (dòng bị cắt?)",
                            "the row has only {cells} cells, fewer than its {headers} headers (a cut row?)"),
    "config.bad_toml": ("tệp cấu hình không đọc được: {detail}", "the configuration file cannot be read: {detail}"),
    "config.not_table": ("cấu hình ntm-eval phải là một bảng khóa = giá trị", "the ntm-eval configuration must be a table of key = value"),
    "config.unknown_key": ("khóa cấu hình không hợp lệ “{name}” (các khóa: {allowed})",
                           "unknown configuration key “{name}” (keys: {allowed})"),
    "config.bad_value": ("giá trị cấu hình “{name}” không hợp lệ (cần: {expected})",
                         "invalid configuration value “{name}” (expected: {expected})"),
    "config.no_folder": ("thư mục bộ tiêu chí trong cấu hình không tồn tại: {name}",
                         "a criteria folder named in the configuration does not exist: {name}"),
    "validate.baseline_note": ("({n} cảnh báo đã chấp nhận trong baseline, không tính)",
                               "({n} {n:warning|warnings} accepted by the baseline, not counted)"),
    "validate.baseline_written": ("Đã ghi baseline {path}: {n} cảnh báo được chấp nhận", "baseline {path} written: {n} {n:warning|warnings} accepted"),
    "validate.bad_baseline": ("tệp baseline không đọc được: {detail}", "the baseline file cannot be read: {detail}"),
    "config.reading": ("cấu hình {path}: thư mục bộ tiêu chí {dirs}", "configuration {path}: criteria folders {dirs}"),
    "cli.no_inputs": ("không tìm thấy tệp dữ liệu nào trong {path}", "no data files found in {path}"),
    "warn.no_libyaml": ("PyYAML không có libyaml: đọc YAML chậm hơn ~8 lần", "PyYAML lacks libyaml: YAML loading is ~8× slower"),
}

HINT = ("có phải ý bạn là “{hint}”?", "did you mean “{hint}”?")
TYPE_NAMES_VI = {"null": "giá trị rỗng", "yes/no": "giá trị đúng/sai", "number": "số", "text": "văn bản",
                 "list": "danh sách", "mapping": "ánh xạ", "dict": "ánh xạ", "str": "văn bản", "int": "số",
                 "float": "số", "bool": "giá trị đúng/sai", "NoneType": "giá trị rỗng"}
INDICATOR = ("chỉ tiêu {id}", "indicator {id}")

REGION_EN = {"tdmnpb": "Northern Midlands and Mountains", "dbsh": "Red River Delta", "btb": "North Central Coast",
             "dhntb": "South Central Coast", "tn": "Central Highlands", "dnb": "Southeast",
             "dbscl": "Mekong River Delta"}

# Units as the criteria files write them (Vietnamese) → English, for --lang en.
UNIT_EN = {"triệu đồng/người": "million VND/person", "triệu đồng/người/năm": "million VND/person/year",
           "triệu đồng": "million VND", "mô hình": "models", "điểm": "points", "vụ": "cases", "thôn": "villages",
           "m²/người": "m²/person", "cấp độ": "level", "công trình": "works", "câu lạc bộ": "clubs",
           "% so với bình quân toàn tỉnh": "% of the provincial average", "km": "km", "hộ": "households",
           "xã": "communes", "trường": "schools", "trường THPT": "upper-secondary schools", "huyện": "districts",
           "thị trấn": "towns", "khu dân cư": "residential areas", "hộ nghèo": "poor households",
           "thị xã, thành phố": "towns and provincial cities", "đơn vị": "units"}


def unit_text(unit: str | None, lang: str) -> str | None:
    """A unit in the output language (files write units in Vietnamese)."""
    if unit and lang == "en":
        return UNIT_EN.get(unit, unit)
    return unit


STATUS_LABELS = {
    "pass": ("Đạt", "Met"),
    "fail": ("Chưa đạt", "Not met"),
    "missing": ("Thiếu dữ liệu", "No data"),
    "not_applicable": ("Không áp dụng", "Not applicable"),
    "no_threshold": ("Chưa có ngưỡng", "No threshold"),
}

CONFIDENCE_LABELS = {
    "primary": ("trích văn bản gốc", "primary excerpt"),
    "secondary": ("nguồn thứ cấp", "secondary source"),
    "uncertain": ("chưa chắc chắn", "uncertain"),
    "demo": ("minh họa", "demo"),
}

_LANG = {"vi": 0, "en": 1}


def lang_index(lang: str) -> int:
    return _LANG.get(lang, 0)


def _is_one(n: Any) -> bool:
    """1, 1.0 and "1" (a count already formatted) take the singular; 0 and the rest, the plural."""
    return n == 1 or (isinstance(n, str) and n.strip() == "1")


def plural(n: Any, one: str, other: str) -> str:
    """The English form for the count n: plural(1, "unit", "units") → "unit"."""
    return one if _is_one(n) else other


class _CountFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:  # {n:one|other}
            one, _, other = format_spec.partition("|")
            return plural(value, one, other)
        return super().format_field(value, format_spec)


_COUNTS = _CountFormatter()

# The parts of a file the loaders name in `where` / `what` (English codes), in Vietnamese; the
# others are YAML keys ("unit", "counts"…), quoted as code in Vietnamese text.
PLACE_VI = {"criteria set": "bộ tiêu chí", "data file": "tệp dữ liệu", "criterion": "tiêu chí",
            "indicator": "chỉ tiêu", "threshold": "ngưỡng", "source": "nguồn", "test": "ca kiểm thử",
            "document": "tài liệu"}


def _place_words(params: dict[str, Any], i: int) -> dict[str, Any]:
    params = dict(params)
    where = params.get("where")
    if where is not None:
        if i == 0 and where:
            where = PLACE_VI.get(where) or (f"“{where}”" if where.isidentifier() else where)
        params["where"] = where
        params.setdefault("where_in", (" trong ", " in ")[i] + where if where else "")
    if i == 0 and params.get("what") in PLACE_VI:
        params["what"] = PLACE_VI[params["what"]]
    return params


# the YAML parser's words (libyaml's, PyYAML's), in Vietnamese for a syntax error's detail
_YAML_WORDS = (
    ("while parsing a flow sequence", "khi đọc một danh sách trong ngoặc [ ]"),
    ("while parsing a flow mapping", "khi đọc một bảng khóa trong ngoặc { }"),
    ("while parsing a block collection", "khi đọc một danh sách gạch đầu dòng"),
    ("while parsing a block mapping", "khi đọc các khóa thụt lề cùng mức"),
    ("while scanning a quoted scalar", "khi đọc một chuỗi trong dấu nháy"),
    ("while scanning a simple key", "khi đọc một khóa"),
    ("while scanning for the next token", "khi đọc tiếp"),
    ("did not find expected ',' or ']'", "không thấy dấu ',' hoặc ']'"),
    ("did not find expected ',' or '}'", "không thấy dấu ',' hoặc '}'"),
    ("did not find expected '-' indicator", "không thấy dấu '-' đầu dòng"),
    ("did not find expected key", "không thấy khóa (dòng thụt lề sai?)"),
    ("could not find expected ':'", "không thấy dấu ':' sau khóa"),
    ("found unexpected end of stream", "tệp hết mà chưa đóng"),
    ("found character that cannot start any token", "gặp ký tự không được đứng đầu một giá trị (hãy đặt giá trị trong dấu nháy)"),
    ("mapping values are not allowed in this context", "không được có dấu ':' ở đây (đặt giá trị có dấu ':' trong dấu nháy?)"),
    ("mapping values are not allowed here", "không được có dấu ':' ở đây (đặt giá trị có dấu ':' trong dấu nháy?)"),
    ("found undefined alias", "gặp bí danh (alias) chưa định nghĩa"),
)
_YAML_DETAIL = frozenset({"yaml.syntax", "yaml.syntax_tab", "yaml.syntax_quote"})


def _yaml_vi(detail: str) -> str:
    """A YAML syntax error's detail in Vietnamese, the words the parser says that are known (the
    rest as it said them)."""
    import re  # on use: only a file with a syntax error needs it

    for en, vi in _YAML_WORDS:
        if en in detail:
            detail = detail.replace(en, vi)
    return re.sub(r"\(line (\d+), column (\d+)\)", r"(từ dòng \1, cột \2)", detail)


def t(msg_key: str, lang: str = "vi", /, **params: Any) -> str:
    pair = CATALOG.get(msg_key)
    if pair is None:
        return msg_key + (" " + repr(params) if params else "")
    i = lang_index(lang)
    template = pair[i]
    if "where" in params or "what" in params:
        params = _place_words(params, i)
    if i == 0 and msg_key in _YAML_DETAIL and isinstance(params.get("detail"), str):
        params = {**params, "detail": _yaml_vi(params["detail"])}
    try:
        if "|" in template:
            return _COUNTS.vformat(template, (), params)
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def status_label(status: str, lang: str = "vi") -> str:
    return STATUS_LABELS.get(status, (status, status))[lang_index(lang)]


def format_problem(p: Problem, lang: str = "vi") -> str:
    """`file:line:col: lỗi: message (chỉ tiêu 17.1) — did you mean …?`"""
    i = lang_index(lang)
    level = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning")}[p.severity][i]
    return f"{problem_location(p, lang)}: {level}: {problem_message(p, lang)}"


def problem_location(p: Problem, lang: str = "vi") -> str:
    """`file:line:col`; in an XLSX workbook the cell as Excel names it: `bang.xlsx: ô F12`
    (English `cell F12`), or `bang.xlsx: dòng 12` for a whole row. CSV keeps `file:row:col`."""
    cell = p.cell()
    if cell is not None:
        return t("sheet.at_cell", lang, file=p.file, cell=cell)
    if p.line is not None and p.col is None and in_workbook(p.file):
        return t("sheet.at_row", lang, file=p.file, row=p.line)
    return p.location()


def problem_message(p: Problem, lang: str = "vi") -> str:
    """The message of a problem, without its place: "… (chỉ tiêu 17.1) — có phải ý bạn là …?"."""
    i = lang_index(lang)
    params = dict(p.params)
    if lang == "vi" and isinstance(params.get("got"), str) and params["got"] in TYPE_NAMES_VI:
        params["got"] = TYPE_NAMES_VI[params["got"]]
    key = f"{p.key}.{params.pop('variant')}" if "variant" in params else p.key  # same code, fuller text
    msg = t(key, lang, **{"indicator": p.indicator, **params})
    if p.indicator and "{indicator}" not in CATALOG.get(key, ("", ""))[i]:
        msg += f" ({INDICATOR[i].format(id=p.indicator)})"
    hint = p.params.get("hint")
    if hint:
        msg += " — " + HINT[i].format(hint=hint)
    return msg


# validate / catalog commands
CATALOG.update({
    # validate: paths and references
    "validate.path_not_found": ("không tìm thấy tệp hoặc thư mục", "no such file or folder"),
    "validate.no_files": ("không có tệp bộ tiêu chí (*.yaml) nào trong thư mục này",
                          "no criteria files (*.yaml) in this folder"),
    "validate.outside_root": ("tệp trỏ ra ngoài thư mục {root} (tới {target}); không đọc",
                              "file points outside folder {root} (to {target}); not read"),
    "validate.duplicate_set_id": ("mã bộ tiêu chí “{value}” đã dùng ở {first}", "set id “{value}” is already used at {first}"),
    "validate.path_mismatch": ("tệp của bộ “{set_id}” phải nằm ở <thư mục bộ tiêu chí>/{expected}",
                               "the file of set “{set_id}” must be at <criteria folder>/{expected}"),
    "validate.bad_ref": ("“{name}” không phải mã bộ tiêu chí (chữ thường, số, . _ - và /, không có “..”); không dùng đường dẫn tệp",
                         "“{name}” is not a set id (lower-case letters, digits, . _ - and /, no “..”); file paths are not allowed"),
    "validate.unknown_set": ("bộ tiêu chí “{name}” không tồn tại", "criteria set “{name}” does not exist"),
    "validate.ref_invalid": ("bộ tiêu chí “{name}” có lỗi; sửa bộ đó trước", "criteria set “{name}” has errors; fix it first"),
    "validate.parent_invalid": ("bộ tiêu chí gốc “{name}” có lỗi; sửa bộ đó trước", "parent set “{name}” has errors; fix it first"),
    "validate.unknown_derived_indicator": ("“derived”: bộ {set_id} không có chỉ tiêu “{name}”",
                                           "derived: set {set_id} has no indicator “{name}”"),
    "validate.derived_not_number": ("“derived”: chỉ tiêu “{name}” của bộ {set_id} không có ngưỡng số",
                                    "derived: indicator “{name}” of set {set_id} has no numeric threshold"),
    # validate: coverage and dated versions
    "validate.no_years": ("bộ tiêu chí không khai báo “years”: chỉ kiểm tra độ phủ cho một năm",
                          "the set declares no “years”: coverage is checked for one year only"),
    "validate.year_outside": ("năm {year} trong “years” nằm ngoài thời gian hiệu lực của bộ ({valid_from} – {valid_until})",
                              "year {year} in “years” is outside the set's validity ({valid_from} – {valid_until})"),
    "validate.missing_class": ("“by_{key_name}” thiếu {values} mà không có “default”: ngưỡng sẽ âm thầm thành chưa có; thêm các giá trị đó hoặc “default: unknown”",
                               "by_{key_name} lacks {values} and has no “default”: the threshold would silently be unknown; add them or “default: unknown”"),
    "validate.missing_year": ("“by_year” thiếu năm {values} (có trong “years”) mà không có “default”; thêm các năm đó hoặc “default: unknown”",
                              "by_year lacks year {values} (listed in “years”) and has no “default”; add them or “default: unknown”"),
    "validate.unknown_threshold_all": ("ngưỡng chưa xác định (unknown): đánh giá sẽ báo “chưa có ngưỡng”",
                                       "threshold unknown: evaluations report “no threshold”"),
    "validate.unknown_threshold": ("ngưỡng chưa xác định cho {cases}", "threshold unknown for {cases}"),
    "validate.not_in_force": ("ngưỡng chỉ có hiệu lực từ {start}; trước đó chưa có ngưỡng ({cases})",
                              "the threshold is only in force from {start}; none before that ({cases})"),
    "validate.version_outside": ("phiên bản ngưỡng {start} – {end} nằm ngoài thời gian hiệu lực của bộ ({valid_from} – {valid_until})",
                                 "threshold version {start} – {end} lies outside the set's validity ({valid_from} – {valid_until})"),
    "validate.version_overlap": ("phiên bản ngưỡng {start} – {end} chồng lên phiên bản từ {next}",
                                 "threshold version {start} – {end} overlaps the version from {next}"),
    "validate.version_gap": ("không có phiên bản ngưỡng nào từ {start} đến {end}", "no threshold version from {start} to {end}"),
    "validate.version_ends": ("phiên bản ngưỡng cuối hết hiệu lực ngày {end} nhưng bộ còn hiệu lực đến {valid_until}",
                              "the last threshold version ends on {end} but the set is in force until {valid_until}"),
    # validate: embedded tests
    "validate.test_indicators": ("ca kiểm thử “{name}”: chỉ tiêu {id} mong đợi {expected}, nhận được {got}{detail_vi}",
                                 "test “{name}”: indicator {id} expected {expected}, got {got}{detail_en}"),
    "validate.test_criteria": ("ca kiểm thử “{name}”: tiêu chí {id} mong đợi {expected}, nhận được {got}{detail_vi}",
                               "test “{name}”: criterion {id} expected {expected}, got {got}{detail_en}"),
    "validate.test_status": ("ca kiểm thử “{name}”: kết quả chung mong đợi {expected}, nhận được {got}{detail_vi}",
                             "test “{name}”: overall status expected {expected}, got {got}{detail_en}"),
    # why a test case got what it got (render/validation.py fills detail_vi / detail_en from the result)
    "validate.test_detail": ("giá trị {value}, ngưỡng {threshold}: {status}", "value {value}, threshold {threshold}: {status}"),
    "validate.test_detail_indicator": ("chỉ tiêu {id}: {detail}", "indicator {id}: {detail}"),
    "validate.test_detail_criterion": ("tiêu chí {id}: {status}", "criterion {id}: {status}"),
    "validate.test_detail_prerequisite": ("bộ điều kiện {id}: {status}", "prerequisite set {id}: {status}"),
    "validate.test_unknown_indicators": ("ca kiểm thử “{name}”: không có chỉ tiêu “{id}” trong bộ",
                                         "test “{name}”: the set has no indicator “{id}”"),
    "validate.test_unknown_criteria": ("ca kiểm thử “{name}”: không có tiêu chí “{id}” trong bộ",
                                       "test “{name}”: the set has no criterion “{id}”"),
    "validate.test_not_run": ("ca kiểm thử “{name}” không chạy được vì bộ tham chiếu tới bộ tiêu chí có lỗi",
                              "test “{name}” could not run: the set refers to a set with errors"),
    # validate: report
    "validate.check.parse": ("đọc tệp và kiểm tra khóa", "parse and schema"),
    "validate.check.unique_id": ("mã bộ tiêu chí không trùng", "unique set id"),
    "validate.check.path": ("đường dẫn tệp khớp mã bộ", "file path matches id"),
    "validate.check.references": ("tham chiếu “extends”/“requires”/“derived”", "extends/requires/derived references"),
    "validate.check.cycles": ("không có vòng lặp", "no cycles"),
    "validate.check.coverage": ("độ phủ ngưỡng theo năm và phân loại", "threshold coverage by year and class"),
    "validate.check.versions": ("các phiên bản ngưỡng theo ngày", "dated threshold versions"),
    "validate.check.test": ("ca kiểm thử: {name}", "test: {name}"),
    "validate.summary": ("{indicators} chỉ tiêu, {unknown} ngưỡng chưa xác định, {passed} ca kiểm thử đạt",
                         "{indicators} indicators, {unknown} thresholds unknown, {passed} tests passed"),
    "validate.summary_failed_tests": ("{failed} ca kiểm thử không đạt", "{failed} tests failed"),
    "validate.unreadable": ("không đọc được", "could not be read"),
    "validate.counts": ("{errors} lỗi, {warnings} cảnh báo", "{errors} errors, {warnings} warnings"),
    "validate.total": ("Đã kiểm tra {sets} tệp bộ tiêu chí: {errors} lỗi, {warnings} cảnh báo",
                       "Checked {sets} {sets:criteria file|criteria files}: {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}"),
    "validate.strict_note": ("(--strict: cảnh báo được tính là lỗi)", "(--strict: warnings count as errors)"),
    # sets / show / template / schema
    "catalog.col.id": ("Mã bộ", "Set id"),
    "catalog.col.title": ("Tên", "Title"),
    "catalog.col.level": ("Cấp", "Level"),
    "catalog.col.tier": ("Hạng", "Tier"),
    "catalog.col.status": ("Loại", "Status"),
    "catalog.col.criteria": ("Tiêu chí", "Criteria"),
    "catalog.col.indicators": ("Chỉ tiêu (đã ghi/của văn bản)", "Indicators (recorded/in the document)"),
    "catalog.col.known": ("Có ngưỡng ({year})", "Thresholds known ({year})"),
    "catalog.col.source": ("Căn cứ", "Source"),
    "catalog.col.indicator": ("Chỉ tiêu", "Indicator"),
    "catalog.col.type": ("Loại / đơn vị", "Type / unit"),
    "catalog.col.threshold": ("Ngưỡng", "Threshold"),
    "catalog.col.code": ("Mã", "Id"),
    "catalog.source_line": ("Căn cứ: {source}", "Source: {source}"),
    "catalog.no_sets": ("không tìm thấy bộ tiêu chí nào", "no criteria sets found"),
    "catalog.invalid_sets": ("{count} bộ tiêu chí có lỗi (xem “ntm-eval validate”)",
                             "{count} {count:criteria set has|criteria sets have} errors (see “ntm-eval validate”)"),
    "catalog.demo_banner": ("BỘ TIÊU CHÍ MINH HỌA — không phải văn bản pháp luật", "DEMONSTRATION SET — not law"),
    "catalog.validity": ("Hiệu lực: {valid_from} – {valid_until}", "In force: {valid_from} – {valid_until}"),
    "catalog.resolved_for": ("Ngưỡng áp dụng cho năm {year} (ngày {date}){klass}",
                             "Thresholds for year {year} (date {date}){klass}"),
    "catalog.all_classes": (", mọi {key_name} (khác nhau thì ghi theo từng {key_name})",
                            ", every {key_name} (listed per {key_name} where they differ)"),
    "catalog.coverage": ("Văn bản có {declared} chỉ tiêu; bộ tiêu chí trong ntm-eval mới ghi {encoded} chỉ tiêu của văn bản; {known} chỉ tiêu có ngưỡng",
                         "The document has {declared} {declared:indicator|indicators}; the set in ntm-eval records {encoded} of them; {known} {known:has a threshold|have thresholds}"),
    "catalog.coverage_all": ("Bộ tiêu chí trong ntm-eval ghi đủ {declared} chỉ tiêu của văn bản; {known} chỉ tiêu có ngưỡng",
                             "The set in ntm-eval records all {declared} {declared:indicator|indicators} of the document; {known} {known:has a threshold|have thresholds}"),
    "catalog.coverage_recorded": ("Bộ tiêu chí trong ntm-eval ghi {encoded} chỉ tiêu; {known} chỉ tiêu có ngưỡng",
                                  "The set in ntm-eval records {encoded} {encoded:indicator|indicators}; {known} {known:has a threshold|have thresholds}"),
    "catalog.coverage_unknown": ("Chưa biết văn bản có tất cả bao nhiêu chỉ tiêu; bộ tiêu chí trong ntm-eval ghi {encoded} chỉ tiêu; {known} chỉ tiêu có ngưỡng",
                                 "How many indicators the document has is not known; the set in ntm-eval records {encoded} {encoded:indicator|indicators}; {known} {known:has a threshold|have thresholds}"),
    "catalog.incomplete": ("danh sách chỉ tiêu chưa đầy đủ: chỉ đạt được theo xác nhận", "indicator list incomplete: can only be met by attestation"),
    "catalog.threshold_note": ("ghi chú: {note}", "note: {note}"),
    "catalog.requires": ("Điều kiện: phải đạt {sets}", "Prerequisites: {sets} must be met"),
    "catalog.extends": ("Kế thừa: {set_id}", "Extends: {set_id}"),
    "catalog.optional": ("nếu có", "if any"),
    "catalog.all_of": ("đạt tất cả các phần", "all parts met"),
    "catalog.any_of": ("đạt một trong các phần", "any part met"),
    "catalog.first_applicable": ("phần đầu tiên áp dụng quyết định", "the first part that applies decides"),
    "catalog.unknown": ("chưa có", "unknown"),
    "catalog.not_applicable": ("không áp dụng", "not applicable"),
    "catalog.not_in_force": ("chưa/hết hiệu lực", "not in force"),
    "catalog.op_unknown": ("chiều so sánh chưa rõ", "direction unverified"),
    "catalog.bad_class_option": ("bộ {set_id} phân loại theo “{key_name}”, không theo “{given}”; dùng --{key_name}",
                                 "set {set_id} is classified by “{key_name}”, not “{given}”; use --{key_name}"),
    "catalog.no_classification": ("bộ {set_id} không có phân loại vùng/nhóm; bỏ --{given}",
                                  "set {set_id} has no region/group classification; drop --{given}"),
    "catalog.bad_class": ("{key_name} “{value}” không có trong bộ {set_id}; chọn một trong: {choices}",
                          "{key_name} “{value}” is not in set {set_id}; one of: {choices}"),
    "catalog.region_and_group": ("chỉ dùng một trong --region và --group", "use only one of --region and --group"),
    "template.header": ("Mẫu tệp dữ liệu cho bộ tiêu chí {set_id}", "Data-file template for criteria set {set_id}"),
    "template.howto": ("Điền giá trị thay cho “null” (“null” = chưa có dữ liệu), rồi chạy: “ntm-eval check {file}”",
                       "Replace each null with a value (null = no data yet), then run: ntm-eval check {file}"),
    "template.values_help": ("Số: 93.4 hoặc \"93,4\"; tỷ lệ: 0–100 hoặc {{numerator: 12, denominator: 14}}; Đạt/Không: true/false; “nếu có”: n/a",
                             "Numbers: 93.4 or \"93,4\"; percentages: 0–100 or {{numerator: 12, denominator: 14}}; yes/no: true/false; “if any”: n/a"),
    "template.demo": ("BỘ TIÊU CHÍ MINH HỌA — không phải văn bản pháp luật", "DEMONSTRATION SET — not law"),
    "template.name": ("Tên đơn vị", "Unit name"),
    "template.class_choices": ("chọn một trong: {choices}", "one of: {choices}"),
    "template.categories": ("nhóm đặc thù của đơn vị (tùy chọn): {choices}", "the unit's special categories (optional): {choices}"),
    "template.date": ("ngày đánh giá (tùy chọn; mặc định 31/12)", "evaluation date (optional; default 31 December)"),
    "template.unit": ("đơn vị: {unit}", "unit: {unit}"),
    "template.threshold": ("ngưỡng: {threshold}", "threshold: {threshold}"),
    "template.composite": ("{rule} — điền từng phần dưới đây, hoặc thay bằng \"{id}\": true/false (không cả hai)",
                           "{rule} — fill in the parts below, or replace them with \"{id}\": true/false (not both)"),
    "template.criterion": ("Tiêu chí {id}: {title}", "Criterion {id}: {title}"),
    "template.incomplete": ("danh sách chỉ tiêu của tiêu chí này chưa đầy đủ: tiêu chí chỉ đạt được theo xác nhận (xem “criteria:” cuối tệp)",
                            "this criterion's indicator list is incomplete: it can only be met by attestation (see “criteria:” at the end)"),
    "template.attested": ("Kết luận theo xác nhận (tùy chọn): khi chưa có ngưỡng, chưa đủ số liệu hoặc danh sách chỉ tiêu chưa đầy đủ, ghi kết luận của cơ quan thẩm tra/thẩm định",
                          "Attested verdicts (optional): where a threshold is unknown, data is lacking or the indicator list is incomplete, give the verdict of the verifying or appraising body"),
    "template.attested_howto": ("bỏ dấu “#”; “verdict”: đạt hoặc chưa đạt; “by”: cơ quan xác nhận; “document”: số văn bản; “date”: ngày (YYYY-MM-DD)",
                                "remove the “#”; verdict: đạt or chưa đạt (met / not met); by: the attesting body; document: its number; date: YYYY-MM-DD"),
    "template.attested_indicator": ("một chỉ tiêu cũng ghi được như vậy dưới “values:”, ví dụ \"{id}\": {{value: …, verdict: đạt, by: …}}",
                                    "an indicator takes the same under values:, e.g. \"{id}\": {{value: …, verdict: đạt, by: …}}"),
    "template.attested_only": ("chỉ đạt được theo xác nhận (danh sách chỉ tiêu chưa đầy đủ)", "can only be met by attestation (indicator list incomplete)"),    # sets / show: codes as words (JSON keeps the codes)
    "catalog.col.set": ("Bộ tiêu chí", "Criteria set"),
    "catalog.status.official": ("chính thức", "official"),
    "catalog.status.provincial": ("cấp tỉnh", "provincial"),
    "catalog.status.example": ("ví dụ", "example"),
    "catalog.status.demo": ("minh họa", "demo"),
    "catalog.tier.ntm": ("NTM", "new rural"),
    "catalog.tier.nang_cao": ("NTM nâng cao", "advanced new rural"),
    "catalog.tier.kieu_mau": ("NTM kiểu mẫu", "model new rural"),
    "catalog.tier.hien_dai": ("NTM hiện đại", "modern new rural"),
    "catalog.tier.dac_thu": ("đặc thù", "special"),
    "catalog.tier.do_thi_van_minh": ("đô thị văn minh", "civilised urban area"),
    "catalog.tier.hoan_thanh_nhiem_vu": ("hoàn thành nhiệm vụ", "task completed"),
    "catalog.type.yes_no": ("Đạt/Không đạt", "Met/not met"),
    "catalog.type.percent": ("Tỷ lệ (%)", "Percentage (%)"),
    "catalog.type.number": ("Số", "Number"),
    "catalog.type.all_of": ("Gồm tất cả", "All of"),
    "catalog.type.any_of": ("Một trong các", "Any of"),
    "catalog.type.first_applicable": ("Phần đầu tiên áp dụng", "First that applies"),
    "catalog.class_key.region": ("vùng", "region"),
    "catalog.class_key.group": ("nhóm xã", "commune group"),
})


# batch ---------------------------------------------------------------------------------------
# (`ntm-eval batch`: sheet input, aggregates, matrix reports in every format)
CATALOG.update({
    # sheet input (CSV/XLSX, one row per unit)
    "sheet.csv_error": ("không đọc được CSV: {detail}", "cannot read the CSV: {detail}"),
    "sheet.bad_xlsx": ("không mở được tệp Excel (.xlsx): {detail}", "cannot open the Excel (.xlsx) file: {detail}"),
    "sheet.no_openpyxl": ("cần gói openpyxl để đọc .xlsx", "the openpyxl package is needed to read .xlsx"),
    "sheet.empty": ("bảng không có dòng nào", "the sheet has no rows"),
    "sheet.numeric_header": ("tiêu đề cột là số {value}: Excel đã bỏ số 0 cuối (17.10 → 17.1) nên không biết là chỉ tiêu nào; hãy định dạng hàng tiêu đề là Văn bản (Text) và gõ lại mã chỉ tiêu",
                             "column header is the number {value}: Excel drops trailing zeros (17.10 → 17.1), so the indicator is ambiguous; format the header row as Text and retype the ids"),
    "sheet.duplicate_header": ("cột “{name}” bị lặp (đã có ở cột {first_col})", "column “{name}” appears twice (first in column {first_col})"),
    "sheet.no_indicators": ("hàng tiêu đề không có cột chỉ tiêu hay tiêu chí nào (tiêu đề là mã chỉ tiêu, ví dụ “2.1”, “17.10”, hoặc số tiêu chí, ví dụ “TC1”)",
                            "the header row has no indicator or criterion columns (headed by indicator ids such as “2.1”, “17.10”, or criteria such as “TC1”)"),
    "batch.bad_input": ("đầu vào phải là thư mục tệp YAML, một tệp .yaml, hoặc bảng .csv/.xlsx",
                        "the input must be a folder of YAML files, a .yaml file, or a .csv/.xlsx sheet"),
    "batch.xlsx_needs_output": ("định dạng xlsx cần --output TỆP.xlsx", "the xlsx format needs --output FILE.xlsx"),
    "batch.unit_errors": ("{n} đơn vị có lỗi dữ liệu (xem ở trên); các đơn vị khác vẫn được đánh giá",
                          "{n} {n:unit has|units have} data errors (see above); the other units were still evaluated"),
    "batch.written": ("Đã ghi {path}", "Wrote {path}"),
    "batch.write_error": ("không ghi được {path}: {detail}", "cannot write {path}: {detail}"),
    "batch.usage_error": ("ntm-eval batch: lỗi: {message}", "ntm-eval batch: error: {message}"),
    # report text
    "batch.title": ("Kết quả đánh giá nông thôn mới hàng loạt", "New rural development: batch evaluation"),
    "batch.input": ("Dữ liệu: {path}", "Input: {path}"),
    "batch.set": ("Bộ tiêu chí: {title} [{id}]", "Criteria set: {title} [{id}]"),
    "batch.demo": ("BỘ TIÊU CHÍ MINH HỌA — không phải văn bản pháp luật", "DEMONSTRATION SET — not law"),
    "batch.totals": ("Tổng số {total} đơn vị: đánh giá được {evaluated}, có lỗi {broken}",
                     "{total} {total:unit|units}: {evaluated} evaluated, {broken} with errors"),
    "batch.units": ("Số {unit} được đánh giá: {n}", "{Units} evaluated: {n}"),
    "batch.average": ("Bình quân {avg} tiêu chí/{unit}", "Average {avg} {n:criterion|criteria} per {unit}"),
    "batch.range": ("(thấp nhất {min}, cao nhất {max}/{total} tiêu chí)", "(lowest {min}, highest {max} of {total} {total:criterion|criteria})"),
    "batch.meeting": ("{k}/{n} {unit} đạt chuẩn ({pct}%)", "{k}/{n} {n:{unit}|{units}} {n:meets|meet} the whole set ({pct}%)"),
    "batch.prereq_meeting": ("{k}/{n} {unit} đạt chuẩn theo bộ điều kiện {title} [{id}]",
                             "{k}/{n} {n:{unit}|{units}} {n:meets|meet} the prerequisite set {title} [{id}]"),
    "batch.meeting_list": ("{Unit} đạt chuẩn: {names}", "{Units} meeting the set: {names}"),
    "batch.none_meeting": ("Chưa có {unit} nào đạt chuẩn", "No {unit} meets the whole set yet"),
    "batch.per_criterion": ("% số {unit} đạt từng tiêu chí", "% of {units} meeting each criterion"),
    "batch.matrix": ("Ma trận {unit} × tiêu chí", "Matrix of {units} × criteria"),
    "batch.by_district": ("Theo huyện", "By district"),
    "batch.by_province": ("Theo tỉnh", "By province"),
    "batch.held_back_heading": ("Chỉ tiêu tính từ các đơn vị trực thuộc", "Indicators computed from member units"),
    "batch.held_back_none": ("chỉ tiêu {id} ({title}): chưa có danh sách đơn vị trực thuộc (“members”)",
                             "indicator {id} ({title}): no member units listed (members)"),
    "batch.errors": ("Lỗi dữ liệu ({n} đơn vị)", "Data errors ({n} {n:unit|units})"),
    "batch.no_errors": ("Không có lỗi dữ liệu", "No data errors"),
    "batch.legend": ("Ký hiệu: {marks}", "Marks: {marks}"),
    "batch.generated": ("Tạo bởi ntm-eval {version}", "Generated by ntm-eval {version}"),
    "batch.heatmap": ("Bản đồ nhiệt {unit} × tiêu chí", "Heat map: {units} × criteria"),
    "batch.heatmap_by_district": ("Có {n} {unit}: bản đồ nhiệt theo huyện (tỷ lệ {unit} đạt từng tiêu chí); xem bảng ma trận bên dưới cho từng {unit}",
                                  "{n} {n:{unit}|{units}}: heat map by district (share of {units} meeting each criterion); see the matrix below for each {unit}"),
    "batch.bars": ("Tỷ lệ số {unit} đạt từng tiêu chí", "Share of {units} meeting each criterion"),
    # column headers
    "batch.col.index": ("STT", "#"),
    "batch.col.unit": ("Đơn vị", "Unit"),
    "batch.col.name": ("Tên đơn vị", "Name"),
    "batch.col.file": ("Tệp", "File"),
    "batch.col.level": ("Cấp", "Level"),
    "batch.col.district": ("Huyện", "District"),
    "batch.col.province": ("Tỉnh", "Province"),
    "batch.col.district_province": ("Huyện (tỉnh)", "District (province)"),
    "batch.col.year": ("Năm", "Year"),
    "batch.col.set": ("Bộ tiêu chí", "Criteria set"),
    "batch.col.status": ("Kết quả", "Result"),
    "batch.col.met": ("Số tiêu chí đạt", "Criteria met"),
    "batch.col.total": ("Tổng số tiêu chí", "Criteria total"),
    "batch.col.met_short": ("Đạt", "Met"),
    "batch.col.errors": ("Lỗi", "Errors"),
    "batch.col.criterion": ("Tiêu chí", "Criterion"),
    "batch.col.title": ("Tên tiêu chí", "Title"),
    "batch.col.percent": ("% đạt", "% met"),
    "batch.col.units": ("Số {unit}", "{Units}"),
    "batch.col.average": ("Bình quân tiêu chí/{unit}", "Average criteria per {unit}"),
    "batch.col.set_passed": ("Số {unit} đạt chuẩn", "{Units} meeting the set"),
    "batch.col.crit": ("TC{id}", "C{id}"),
    "batch.col.item": ("Chỉ số", "Figure"),
    "batch.col.value": ("Giá trị", "Value"),
    "batch.col.location": ("Vị trí", "Location"),
    "batch.col.message": ("Nội dung lỗi", "Message"),
    "batch.col.indicator": ("Chỉ tiêu", "Indicator"),
    "batch.col.held_back": ("Đơn vị chưa đạt", "Held back by"),
    "batch.status.error": ("Lỗi", "Error"),
    # xlsx sheet names (≤ 31 characters, no []:*?/\)
    "batch.sheet.summary": ("Tổng hợp", "Summary"),
    "batch.sheet.matrix": ("Ma trận", "Matrix"),
    "batch.sheet.criteria": ("Theo tiêu chí", "By criterion"),
    "batch.sheet.districts": ("Theo huyện", "By district"),
    "batch.sheet.members": ("Đơn vị trực thuộc", "Member units"),
    "batch.sheet.errors": ("Lỗi", "Errors"),    # partial coverage, undecidable criteria, input warnings
    "batch.not_found": ("không tìm thấy tệp hoặc thư mục", "no such file or folder"),
    "coverage.partial": ("Bộ tiêu chí này mới có ngưỡng cho {known}/{declared} chỉ tiêu{recorded}: kết quả chỉ là một phần, chưa phải kết luận công nhận.",
                       "This criteria set has thresholds for only {known}/{declared} {declared:indicator|indicators}{recorded}: the verdict is partial, not a recognition result."),
    "coverage.recorded": (" (ntm-eval mới ghi {encoded}/{declared} chỉ tiêu của văn bản)",
                          " (ntm-eval records {encoded} of the document's {declared})"),
    "coverage.partial_unknown": ("Bộ tiêu chí này có ngưỡng cho {known}/{encoded} chỉ tiêu ntm-eval đã ghi, nhưng chưa biết văn bản có tất cả bao nhiêu chỉ tiêu: kết quả chỉ là một phần, chưa phải kết luận công nhận.",
                                 "This criteria set has thresholds for {known}/{encoded} of the {encoded:indicator|indicators} ntm-eval records, but how many the document has is not known: the verdict is partial, not a recognition result."),
    "batch.coverage_of": ("{set_id}: {text}", "{set_id}: {text}"),
    "batch.crit_ref_num": ("tiêu chí số {id} ({title})", "criterion {id} ({title})"),
    "batch.crit_ref": ("tiêu chí {id} ({title})", "criterion {id} ({title})"),
    "batch.crit_line": ("{pct}% số {unit} đạt {crit}: {k}/{n} {unit}{details}", "{pct}% of {units} meet {crit}: {k}/{n}{details}"),
    "batch.crit_line_undecided": ("— {crit}: chưa thể kết luận ({why}): {k}/{n} {unit} đạt{details}",
                                  "— {crit}: no conclusion yet ({why}): {k}/{n} {n:{unit}|{units}} met{details}"),
    "batch.count_item": ("{n} {label}", "{n} {label}"),
    "batch.why.no_threshold": ("chưa có ngưỡng", "no threshold yet"),
    "batch.why.missing": ("thiếu dữ liệu", "data missing"),
    "batch.why.not_applicable": ("không áp dụng", "not applicable"),
    "batch.set_why.no_threshold": ("bộ tiêu chí còn thiếu ngưỡng", "the criteria set still lacks thresholds"),
    "batch.set_why.missing": ("còn thiếu dữ liệu", "data is still missing"),
    "batch.set_why.not_applicable": ("bộ tiêu chí không áp dụng", "the criteria set does not apply"),
    "batch.meeting_undecided": ("{k}/{n} {unit} đạt chuẩn — chưa thể kết luận: {why}",
                                "{k}/{n} {n:{unit}|{units}} {n:meets|meet} the whole set — no conclusion yet: {why}"),
    "batch.matrix_part": ("{title} — tiêu chí {first} … {last}", "{title} — criteria {first} … {last}"),
    "batch.sub_part": ("{title} — tiêu chí {first} … {last}", "{title} — criteria {first} … {last}"),
    "batch.input_warnings": ("Cảnh báo về dữ liệu đầu vào", "Warnings about the input"),
    "batch.col.note": ("Ghi chú", "Note"),
    "batch.col.agency": ("Cơ quan hướng dẫn / phụ trách", "Guiding / responsible agency"),
    "sheet.unknown_column": ("cột “{indicator}” để trống ở mọi dòng và không phải mã chỉ tiêu của bộ {sets}: đã bỏ qua",
                             "column “{indicator}” is empty in every row and is not an indicator of set {sets}: ignored"),
    # a sheet's own count of criteria met ("Số tiêu chí đạt"), checked against the tool's
    "sheet.claimed_met": ("bảng ghi {name} đạt {claimed} tiêu chí, nhưng ntm-eval đếm được {passed}/{total} tiêu chí đạt (bộ {set_id}); kiểm tra lại ô này hoặc các tiêu chí của dòng",
                          "the sheet says {name} meets {claimed} criteria, but ntm-eval counts {passed}/{total} met (set {set_id}); check this cell or the row's criteria"),
    "sheet.claimed_met.open": ("bảng ghi {name} đạt {claimed} tiêu chí, nhưng ntm-eval đếm được {passed}/{total} tiêu chí đạt (bộ {set_id}), {open} tiêu chí chưa kết luận; kiểm tra lại ô này hoặc các tiêu chí của dòng",
                               "the sheet says {name} meets {claimed} criteria, but ntm-eval counts {passed}/{total} met (set {set_id}), {open} undecided; check this cell or the row's criteria"),
    "sheet.claimed_total": ("bảng ghi tổng số {claimed} tiêu chí cho {name}, nhưng bộ {set_id} có {total} tiêu chí",
                            "the sheet gives {name} a total of {claimed} criteria, but set {set_id} has {total}"),
    "sheet.bad_claimed": ("“{value}” không phải là số tiêu chí (ví dụ 12 hoặc 12/19): không đối chiếu được với số tiêu chí ntm-eval đếm",
                          "“{value}” is not a number of criteria (such as 12 or 12/19): it cannot be checked against the count ntm-eval makes"),
    # undecided units and criteria: "chưa thể kết luận", never counted as failures
    "batch.meeting_breakdown": ("{k}/{n} {unit} đạt chuẩn — {details}", "{k}/{n} {n:{unit}|{units}} {n:meets|meet} the whole set — {details}"),
    "batch.count_not_met": ("{n} chưa đạt", "{n} not met"),
    "batch.count_open": ("{n} chưa thể kết luận ({why})", "{n} undecided ({why})"),
    "batch.count_na": ("{n} không áp dụng", "{n} not applicable"),
    "batch.none_concluded": ("Chưa {unit} nào được kết luận là đạt chuẩn; {n} chưa thể kết luận",
                             "No {unit} has been found to meet the whole set yet; {n} undecided"),
    "batch.average_counts_met": ("chỉ đếm tiêu chí đã đạt", "counts only criteria met"),
    "batch.average_open_all": ("{n}/{total} tiêu chí chưa thể kết luận ở mọi {unit} ({why})",
                               "{n}/{total} {total:criterion|criteria} undecided for every {unit} ({why})"),
    "batch.average_open_some": ("{n} tiêu chí chưa kết luận ở một số {unit}", "{n} {n:criterion|criteria} undecided for some {units}"),
    "batch.prereq_meeting_en": ("{k}/{n} {unit} đạt chuẩn theo bộ điều kiện [{id}]",
                                "{k}/{n} {n:{unit}|{units}} {n:meets|meet} the prerequisite set [{id}]"),
    "batch.prereq_meeting_title_en": ("{k}/{n} {unit} đạt chuẩn theo bộ điều kiện {title} [{id}]",
                                      "{k}/{n} {n:{unit}|{units}} {n:meets|meet} the prerequisite set {id} ({title})"),
    "batch.held_back_head": ("chỉ tiêu {id} ({title}): {status} — {num}/{den} đạt",
                             "indicator {id} ({title}): {status} — {num}/{den} meet it"),
    "batch.held_back_names": ("chưa đạt: {names}", "held back by: {names}"),
    "batch.held_back_undecided": ("chưa kết luận: {n} ({names})", "undecided: {n} ({names})"),
    "batch.col.undecided": ("Đơn vị chưa kết luận", "Undecided members"),
    "batch.col.set_undecided": ("Chưa kết luận", "Undecided"),
    "batch.bar_open": ("{n} chưa kết luận", "{n} undecided"),
    # basis: met on the numbers (computed) or by a verdict given in the data (attested), conflicts
    "batch.meeting_basis": ("{n} {unit} đạt chuẩn: {details}", "{n} {n:{unit}|{units}} {n:meets|meet} the whole set: {details}"),
    "batch.basis_computed": ("{n} tính từ số liệu", "{n} computed from the numbers"),
    "batch.basis_attested": ("{n} theo xác nhận", "{n} attested"),
    "batch.conflict_units": ("{n} {unit} có mâu thuẫn giữa số liệu và kết luận được xác nhận (tính là chưa đạt)",
                             "{n} {n:{unit} has|{units} have} a conflict between the numbers and an attested verdict (counted as not met)"),
    "batch.crit_basis": ("{n} đạt theo xác nhận", "{n} met by attestation"),
    "batch.crit_conflicts": ("{n} mâu thuẫn", "{n} {n:conflict|conflicts}"),
    "batch.label_computed": ("{status} — tính từ số liệu", "{status} — computed from the numbers"),
    "batch.xlsx_fills": ("Trang “Ma trận”: ô xanh nhạt là đạt theo xác nhận, ô hồng nhạt là chưa đạt theo xác nhận, ô màu cam là mâu thuẫn giữa số liệu và kết luận được xác nhận (tính là chưa đạt)",
                         "Matrix sheet: light green is met by attestation, light red not met by attestation, orange a conflict between the numbers and an attested verdict (counted as not met)"),
    "batch.label_conflict": ("Mâu thuẫn — chưa đạt: số liệu và kết luận được xác nhận khác nhau",
                             "Conflict — not met: the numbers and the attested verdict disagree"),
})

# check ---------------------------------------------------------------------------------------
# (`ntm-eval check`: the report of one unit, and the value/threshold/gap cells every report shows)
CATALOG.update({
    "check.demo": ("BỘ TIÊU CHÍ MINH HỌA — không phải văn bản pháp luật", "DEMONSTRATION SET — not law"),
    "check.year": ("Năm đánh giá {year} (ngày {date})", "Year {year} (date {date})"),
    "check.override": (" (áp dụng ngưỡng {use} thay cho {instead}: {because})",
                       " (uses {use} thresholds instead of {instead}: {because})"),
    "check.col.id": ("Mã", "Id"),
    "check.col.name": ("Tiêu chí / chỉ tiêu", "Criterion / indicator"),
    "check.col.value": ("Giá trị", "Value"),
    "check.col.threshold": ("Ngưỡng", "Threshold"),
    "check.col.gap": ("Còn thiếu", "Gap"),
    "check.col.result": ("Kết quả", "Result"),
    "check.col.source": ("Nguồn", "Source"),
    "check.result": ("Kết quả: {status} — đạt {passed}/{total} tiêu chí",
                     "Result: {status} — {passed}/{total} {total:criterion|criteria} met"),
    "check.preconditions": ("Điều kiện: {items}", "Preconditions: {items}"),
    "check.warning": ("Cảnh báo: {text}", "Warning: {text}"),
    "check.confidence": ("Độ tin cậy của ngưỡng: {legend}", "Threshold confidence: {legend}"),
    "check.id_inferred": ("mã suy luận (văn bản không in mã này)", "id inferred (the document does not print it)"),
    "check.id_uncertain": ("mã chưa chắc chắn", "id uncertain"),
    "check.legend.ids": ("Mã chỉ tiêu: {marks}", "Indicator ids: {marks}"),
    # basis of a verdict: computed from the numbers, or attested (given in the data)
    "check.status.pass_attested": ("Đạt theo xác nhận", "Met (attested)"),
    "check.status.fail_attested": ("Chưa đạt theo xác nhận", "Not met (attested)"),
    "check.status.conflict": ("Mâu thuẫn", "Conflict"),
    "check.legend.incomplete": ("{mark} Chưa có ngưỡng — danh sách chỉ tiêu chưa đầy đủ: các chỉ tiêu đã ghi đều đạt, nhưng văn bản còn chỉ tiêu ntm-eval chưa ghi, nên tiêu chí chỉ đạt được theo xác nhận (ghi dưới “criteria:” của tệp dữ liệu)",
                                "{mark} No threshold — the indicator list is incomplete: every indicator listed is met, but the document has indicators ntm-eval does not record, so the criterion can only be met by attestation (under “criteria:” in the data file)"),
    "check.result_basis": (" ({computed} tính từ số liệu, {attested} theo xác nhận)",
                           " ({computed} computed from the numbers, {attested} attested)"),
    "check.result_conflicts": (" — {n} tiêu chí có mâu thuẫn giữa số liệu và kết luận được xác nhận",
                               " — {n} {n:criterion|criteria} with a conflict between the numbers and an attested verdict"),
    "check.unsourced": ("{n} kết luận theo xác nhận không rõ cơ quan xác nhận (thêm “by:”)",
                        "{n} attested {n:verdict does|verdicts do} not say who attests (add “by:”)"),
    "check.att.unsourced": ("không rõ cơ quan xác nhận", "attesting body not given"),
    "check.att.date": ("ngày {date}", "dated {date}"),
    "check.att.decides": ("↳ Xác nhận {verdict}: {source}", "↳ Attested {verdict}: {source}"),
    "check.att.agrees": ("↳ Xác nhận {verdict}, khớp với số liệu: {source}", "↳ Attested {verdict}, as the numbers say: {source}"),
    "check.att.unused": ("↳ Có xác nhận {verdict}, không dùng để kết luận: {source}", "↳ Attested {verdict}, not used for the verdict: {source}"),
    "check.conflict.indicator": ("↳ Mâu thuẫn: theo số liệu ({value}, ngưỡng {threshold}) là {computed}, nhưng được xác nhận {verdict}: {source}",
                                 "↳ Conflict: by the numbers ({value}, threshold {threshold}) {computed}, but attested {verdict}: {source}"),
    "check.conflict.criterion_fails": ("↳ Mâu thuẫn: tiêu chí được xác nhận đạt, nhưng chỉ tiêu {ids} chưa đạt: {source}",
                                       "↳ Conflict: the criterion is attested met, but {n:indicator|indicators} {ids} {n:is|are} not met: {source}"),
    "check.conflict.criterion_met": ("↳ Mâu thuẫn: tiêu chí được xác nhận chưa đạt, nhưng theo số liệu mọi chỉ tiêu đều đạt: {source}",
                                     "↳ Conflict: the criterion is attested not met, but by the numbers every indicator is met: {source}"),
    "check.held_back": ("Đơn vị chưa đạt: {names}", "Held back by: {names}"),
    "check.undecided_members": ("Chưa kết luận được (thiếu dữ liệu/ngưỡng): {names}",
                                "Not yet decidable (data or thresholds missing): {names}"),
    "check.prerequisite": ("Bộ tiêu chí tiên quyết {set_id}: {why} — nên chưa thể đạt {target}.",
                           "Prerequisite set {set_id}: {why} — so {target} cannot be met yet."),
    "check.prereq_why.fail": ("chưa đạt", "not met"),
    "check.prereq_why.missing": ("còn thiếu dữ liệu", "lacks data"),
    "check.prereq_why.no_threshold": ("chưa đủ ngưỡng để kết luận", "cannot be decided: thresholds unknown"),
    "check.prereq_why.not_applicable": ("không áp dụng", "does not apply"),
    # value, threshold and gap cells
    "check.value_undecided": ("{n} chưa kết luận", "{n} undecided"),
    "check.threshold.all_of": ("tất cả các phần", "all parts"),
    "check.threshold.any_of": ("một trong các phần", "any part"),
    "check.threshold.first_applicable": ("phần đầu tiên áp dụng", "first part that applies"),
    "check.threshold.stated_not_met": ("chưa có (hồ sơ ghi chưa đạt)", "unknown (dossier says not met)"),
    "check.gap.over": ("vượt {gap}", "over by {gap}"),
    "check.gap.short": ("thiếu {gap}", "short by {gap}"),
    "check.need.fewer": ("cần giảm {more}{n} {of}", "need {more}{n} fewer {n:{of_one}|{of}}"),
    "check.need.more": ("cần thêm {more}{n} {of}", "need {more}{n} more {n:{of_one}|{of}}"),
    "check.need.at_least": ("ít nhất ", "at least "),
    "check.need.of_default": ("đơn vị", "units"),
})

# diff ----------------------------------------------------------------------------------------
# (`ntm-eval diff OLD NEW`: two years of the same units; the sentences officials write)
CATALOG.update({
    "diff.not_found": ("không tìm thấy tệp hoặc thư mục", "no such file or folder"),
    "diff.xlsx_needs_output": ("định dạng xlsx cần --output TỆP.xlsx", "the xlsx format needs --output FILE.xlsx"),
    "diff.duplicate": ("hai kết quả cho cùng một đơn vị {name} trong cùng một đầu vào (đã có ở {first}); mỗi đơn vị chỉ được có một tệp/dòng mỗi năm",
                       "two results for the same unit {name} in one input (already at {first}); a unit has one file or row per year"),
    "diff.empty": ("không có đơn vị nào đánh giá được trong đầu vào này: không có gì để so sánh",
                   "no unit of this input could be evaluated: nothing to compare"),
    "diff.same_year": ("{other} cũng là số liệu năm {year}: diff so sánh hai năm khác nhau (OLD năm trước, NEW năm sau)",
                       "{other} is also data of {year}: diff compares two different years (OLD the earlier, NEW the later)"),
    "diff.order": ("đầu vào OLD là năm {old}, sau năm {new} của {other}: ghi năm trước trước (ntm-eval diff CŨ MỚI)",
                   "OLD is data of {old}, later than {new} in {other}: give the earlier year first (ntm-eval diff OLD NEW)"),
    "diff.levels": ("không so sánh được: đầu vào này là cấp {old}, còn {other} là cấp {new}",
                    "cannot compare: this input is of level {old_en}, {other} of level {new_en}"),
    "diff.level_mismatch": ("{name} là cấp {new} ở đây nhưng là cấp {old} ở {other}: không so sánh được",
                            "{name} is of level {new_en} here but of level {old_en} in {other}: cannot compare"),
    "diff.unit_year": ("{name}: năm {new} ở đây không sau năm {old} ở {other}",
                       "{name}: the year {new} here is not after the year {old} in {other}"),
    "diff.no_common_set": ("{name}: được đánh giá theo bộ {new} ở đây và theo bộ {old} ở {other}, hai bộ không có gì chung để so sánh",
                           "{name}: evaluated against {new} here and against {old} in {other}; the two sets have nothing to compare"),
    "diff.title": ("So sánh kết quả nông thôn mới giữa hai năm", "New rural development: two years compared"),
    "diff.inputs": ("Năm trước: {old} ({old_year}) · Năm sau: {new} ({new_year})",
                    "Earlier: {old} ({old_year}) · Later: {new} ({new_year})"),
    "diff.counts": ("{matched} đơn vị có ở cả hai năm; {only_old} chỉ có năm {old_year}; {only_new} chỉ có năm {new_year}",
                    "{matched} {matched:unit|units} in both years; {only_old} only in {old_year}; {only_new} only in {new_year}"),
    "diff.gain": ("tăng {n} tiêu chí so với năm {year} ({ids})", "{n} more {n:criterion|criteria} met than in {year} ({ids})"),
    "diff.loss": ("không còn đạt {n} tiêu chí so với năm {year} ({ids})",
                  "{n} {n:criterion|criteria} met in {year} no longer met ({ids})"),
    "diff.cond_gain": ("đạt thêm điều kiện {ids}", "condition {ids} now met"),
    "diff.cond_loss": ("không còn đạt điều kiện {ids}", "condition {ids} no longer met"),
    "diff.no_change": ("không tăng, không giảm tiêu chí nào so với năm {year}", "no criterion gained or lost since {year}"),
    "diff.unit_head": ("{name}{where} — {set}: {old}/{total} → {new}/{total} tiêu chí: {sentence}",
                       "{name}{where} — {set}: {old}/{total} → {new}/{total} criteria: {sentence}"),
    "diff.set_status": ("Kết quả cả bộ: {old} → {new}", "Whole set: {old} → {new}"),
    "diff.set_changed": ("bộ tiêu chí đổi từ {old} (năm {old_year}) sang {new} (năm {new_year}): so sánh theo từng bộ có ở cả hai năm ({sets})",
                         "the criteria set changed from {old} ({old_year}) to {new} ({new_year}): compared per set evaluated in both years ({sets})"),
    "diff.first_set": ("lần đầu được đánh giá theo bộ {set}: chưa có năm trước để so sánh",
                       "first evaluated against {set}: no earlier year to compare with"),
    "diff.dropped_set": ("năm {year} không còn được đánh giá theo bộ {set}", "no longer evaluated against {set} in {year}"),
    "diff.crit_change": ("tiêu chí {id} ({title}): {old} → {new}", "criterion {id} ({title}): {old} → {new}"),
    "diff.moved": ("chỉ tiêu {id}: {old} → {new}{delta}{status}", "indicator {id}: {old} → {new}{delta}{status}"),
    "diff.moved_status": (" ({old} → {new})", " ({old} → {new})"),
    "diff.moved_hidden": ("(giá trị chỉ tiêu thay đổi: xem --format json hoặc csv)",
                          "(indicator values that moved: see --format json or csv)"),
    "diff.no_value": ("—", "—"),
    "diff.set_head": ("{title} [{id}]", "{title} [{id}]"),
    "diff.average": ("Bình quân tiêu chí/{unit}: {old} → {new} ({delta})",
                     "Average criteria per {unit}: {old} → {new} ({delta})"),
    "diff.units_of_set": ("Số {unit} đánh giá theo bộ: {old} → {new}", "{Units} evaluated against the set: {old} → {new}"),
    "diff.meeting": ("Số {unit} đạt chuẩn {tier}: {old} → {new}", "{Units} meeting the {tier} standard: {old} → {new}"),
    "diff.gained": ("thêm {n} {unit} đạt chuẩn {tier}: {names}", "{n} more {n:{unit}|{units}} meeting the {tier} standard: {names}"),
    "diff.lost_set": ("{n} {unit} không còn đạt chuẩn {tier}: {names}",
                      "{n} {n:{unit}|{units}} no longer {n:meets|meet} the {tier} standard: {names}"),
    "diff.shares": ("% số {unit} đạt từng tiêu chí (tiêu chí có thay đổi)", "% of {units} meeting each criterion (criteria that changed)"),
    "diff.share_line": ("tiêu chí {id} ({title}): {old}% → {new}% ({delta} điểm %)",
                        "criterion {id} ({title}): {old}% → {new}% ({delta} points)"),
    "diff.shares_same": ("tỷ lệ đạt của các tiêu chí không đổi", "no criterion's share changed"),
    "diff.units_heading": ("Từng đơn vị (có thay đổi)", "Unit by unit (those that changed)"),
    "diff.units_unchanged": ("{n} đơn vị không thay đổi", "{n} {n:unit|units} unchanged"),
    "diff.only_old": ("Chỉ có năm {year} ({n}): {names}", "Only in {year} ({n}): {names}"),
    "diff.only_new": ("Chỉ có năm {year} ({n}): {names}", "Only in {year} ({n}): {names}"),
    "diff.result_lost": ("Có {n} đơn vị không còn đạt tiêu chí đã đạt năm {year}: {names}",
                         "{n} {n:unit|units} no longer {n:meets|meet} criteria met in {year}: {names}"),
    "diff.result_ok": ("Không đơn vị nào mất tiêu chí đã đạt năm {year}", "No unit lost a criterion met in {year}"),
    "diff.written": ("Đã ghi {path}", "Wrote {path}"),
    "diff.col.kind": ("Loại", "Kind"),
    "diff.col.set": ("Bộ tiêu chí", "Criteria set"),
    "diff.col.old_year": ("Năm trước", "Earlier year"),
    "diff.col.new_year": ("Năm sau", "Later year"),
    "diff.col.old_status": ("Kết quả năm trước", "Earlier result"),
    "diff.col.new_status": ("Kết quả năm sau", "Later result"),
    "diff.col.old_met": ("Số tiêu chí đạt năm trước", "Criteria met, earlier"),
    "diff.col.new_met": ("Số tiêu chí đạt năm sau", "Criteria met, later"),
    "diff.col.met": ("Tiêu chí đạt thêm", "Newly met"),
    "diff.col.lost": ("Tiêu chí không còn đạt", "No longer met"),
    "diff.col.moved": ("Chỉ tiêu thay đổi giá trị", "Indicator values moved"),
    "diff.col.sentence": ("Nhận xét", "Summary"),
    "diff.col.code": ("Mã đơn vị", "Unit code"),
    "diff.col.old_file": ("Tệp năm trước", "Earlier file"),
    "diff.col.new_file": ("Tệp năm sau", "Later file"),
    "diff.kind.unit": ("đơn vị", "unit"),
    "diff.kind.only_old": ("chỉ năm trước", "earlier only"),
    "diff.kind.only_new": ("chỉ năm sau", "later only"),
    "diff.col.old_share": ("% đạt năm trước", "% meeting, earlier"),
    "diff.col.new_share": ("% đạt năm sau", "% meeting, later"),
    "diff.col.share_change": ("Thay đổi (điểm %)", "Change (points)"),
    "diff.col.old_value": ("Giá trị năm trước", "Earlier value"),
    "diff.col.new_value": ("Giá trị năm sau", "Later value"),
    "diff.col.change": ("Chênh lệch", "Change"),
    "diff.table.units": ("Bảng theo đơn vị", "Units table"),
    "diff.table.shares": ("% số đơn vị đạt từng tiêu chí — {title} [{id}]", "% of units meeting each criterion — {title} [{id}]"),
    "diff.sheet.summary": ("Tổng hợp", "Summary"),
    "diff.sheet.units": ("Theo đơn vị", "By unit"),
    "diff.sheet.criteria": ("Theo tiêu chí", "By criterion"),
    "diff.sheet.indicators": ("Chỉ tiêu thay đổi", "Indicators moved"),
})

# English nouns of counted things (criteria files write them plural, UNIT_EN too) → singular.
SINGULAR_EN = {"towns and provincial cities": "town or provincial city", "works": "works", "km": "km",
               "level": "level"}


def singular_en(noun: str) -> str:
    """"households" → "household", "upper-secondary schools" → "upper-secondary school"."""
    if noun in SINGULAR_EN:
        return SINGULAR_EN[noun]
    head, _, last = noun.rpartition(" ")
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}" if head else last


# Short marks of the units × criteria matrix: (vi, en).
# The matrix's marks for a verdict given in the data (attested) and a conflict: (vi, en).
BASIS_MARKS = {
    "pass_attested": ("Đ*", "✓*"),
    "fail_attested": ("✗*", "✗*"),
    "conflict": ("≠", "≠"),
}

BATCH_MARKS = {
    "pass": ("Đ", "✓"),
    "fail": ("✗", "✗"),
    "missing": ("?", "?"),
    "not_applicable": ("–", "–"),
    "no_threshold": ("·", "·"),
}


# --- departments (check/batch --by agency) and the evidence dossier (docs/dossier.md) ---------
CATALOG.update({
    "agencies.unknown_set": ("không có bộ tiêu chí “{name}” (xem “ntm-eval sets”)",
                             "there is no criteria set “{name}” (see “ntm-eval sets”)"),
    "agencies.unknown_id": ("bộ {set_id} không có tiêu chí hay chỉ tiêu “{name}”",
                            "set {set_id} has no criterion or indicator “{name}”"),
    "agencies.bad_department": ("“{name}”: đơn vị phụ trách phải là tên (văn bản không rỗng), nhận được {got}",
                                "“{name}”: the department must be a name (non-empty text), got {got}"),
    "agencies.format_unsupported": ("--by agency chỉ in được dạng {formats}, không phải {format}",
                                    "--by agency writes only {formats}, not {format}"),
    "agencies.title": ("Chỉ tiêu chưa đạt và chưa kết luận theo đơn vị phụ trách",
                       "Failing and open indicators by responsible department"),
    "agencies.assignment": ("Phân công: {file}{scope}", "Assignment: {file}{scope}"),
    "agencies.national_only": ("Không có tệp phân công (--agencies): dùng bộ, ngành hướng dẫn ghi trong bộ tiêu chí",
                               "No assignment file (--agencies): the guiding ministries the criteria files name"),
    "agencies.evaluated": ("Đã đánh giá: {sets}", "Evaluated: {sets}"),
    "agencies.set_units": ("{n} {noun} theo {set_id}", "{n} {n:{noun_one}|{noun}} with {set_id}"),
    "agencies.entry": ("{agency} — {units} {noun} còn chỉ tiêu chưa đạt hoặc chưa kết luận ({failing} có chỉ tiêu chưa đạt)",
                       "{agency} — {units} {units:{noun_one}|{noun}} with failing or open indicators ({failing} with a failing one)"),
    "agencies.unassigned": ("(chưa có đơn vị phụ trách)", "(no department)"),
    "agencies.none": ("Không có chỉ tiêu nào chưa đạt hoặc chưa kết luận.", "No failing or open indicators."),
    "agencies.broken": ("{n} đơn vị không đánh giá được (xem lỗi ở trên), không được tính",
                        "{n} {n:unit|units} could not be evaluated (see the errors above) and are not counted"),
    "agencies.more": ("… và {n} đơn vị khác", "… and {n} more"),
    "agencies.col.agency": ("Đơn vị phụ trách", "Department"),
    "agencies.col.set": ("Bộ tiêu chí", "Set"),
    "agencies.col.indicator": ("Chỉ tiêu", "Indicator"),
    "agencies.col.title": ("Tên", "Title"),
    "agencies.col.failing": ("Chưa đạt", "Failing"),
    "agencies.col.open": ("Chưa kết luận", "Open"),
    "agencies.col.units": ("Đơn vị", "Units"),
    "agencies.col.origin": ("Theo", "Per"),
    "agencies.origin.assigned": ("phân công", "assignment"),
    "agencies.origin.national": ("bộ tiêu chí", "criteria file"),
    "dossier.bad_deadline": ("{option}: ngày “{value}” không hợp lệ, cần dạng YYYY-MM-DD",
                             "{option}: invalid date “{value}”, expected YYYY-MM-DD"),
    "dossier.title": ("Hồ sơ minh chứng — {unit}", "Evidence dossier — {unit}"),
    "dossier.set": ("Bộ tiêu chí: {title} [{set_id}] · năm {year} · ngày đánh giá {date} · kết quả: {status}",
                    "Criteria set: {title} [{set_id}] · year {year} · evaluated on {date} · result: {status}"),
    "dossier.deadlines": ("Hạn hồ sơ minh chứng: {evidence} · hạn hồ sơ thẩm tra: {appraisal}",
                          "Evidence deadline: {evidence} · appraisal dossier deadline: {appraisal}"),
    "dossier.no_deadline": ("chưa đặt", "not set"),
    "dossier.criterion": ("Tiêu chí {id}. {title} — {status}", "Criterion {id}. {title} — {status}"),
    "dossier.criterion_att": ("Xác nhận tiêu chí: {text}", "Criterion verdict: {text}"),
    "dossier.col.id": ("Chỉ tiêu", "Indicator"),
    "dossier.col.status": ("Kết quả", "Result"),
    "dossier.col.evidence": ("Minh chứng, xác nhận", "Evidence, verdicts"),
    "dossier.col.lacks": ("Còn thiếu", "Lacking"),
    "dossier.col.agency": ("Đơn vị phụ trách", "Department"),
    "dossier.att": ("{verdict} — {by}; {document}; {date}", "{verdict} — {by}; {document}; {date}"),
    "dossier.att_key": ("xác nhận {id}: ", "verdict on {id}: "),
    "dossier.unknown_by": ("(không ghi ai xác nhận)", "(nobody named)"),
    "dossier.unknown_document": ("(không ghi văn bản)", "(no document)"),
    "dossier.unknown_date": ("(không ghi ngày)", "(undated)"),
    "dossier.via_criterion": ("đạt theo xác nhận của tiêu chí", "met by the criterion's verdict"),
    "dossier.not_met": ("chưa đạt hoặc chưa kết luận: chưa có gì để lập hồ sơ", "not met or open: nothing to file yet"),
    "dossier.lack.no_evidence": ("chưa có minh chứng", "no evidence"),
    "dossier.lack.no_document": ("xác nhận {id} không ghi văn bản (document)", "the verdict on {id} names no document"),
    "dossier.lack.no_by": ("xác nhận {id} không ghi ai xác nhận (by)", "the verdict on {id} names nobody (by)"),
    "dossier.lack.no_date": ("văn bản xác nhận {id} không ghi ngày (hạn {deadline})",
                             "the document of the verdict on {id} is undated (deadline {deadline})"),
    "dossier.lack.late": ("văn bản xác nhận {id} ngày {date}, sau hạn {deadline}",
                          "the document of the verdict on {id} is dated {date}, after the deadline {deadline}"),
    "dossier.conditions": ("Điều kiện công nhận ({source}) — cần xác nhận riêng, công cụ không kiểm tra, không tính vào mã thoát:",
                           "Recognition conditions ({source}) — to confirm separately; not checked by the tool, not counted in the exit code:"),
    "dossier.cond.no_debt": ("Không có nợ đọng xây dựng cơ bản thuộc Chương trình", "No outstanding construction debt of the programme"),
    "dossier.cond.satisfaction": ("Sự hài lòng của người dân", "Residents' satisfaction"),
    "dossier.cond.security": ("An ninh, trật tự", "Security and order"),
    "dossier.cond.source": ("điểm {point}: “{quote}” (tài liệu tham chiếu {ref})", "point {point}: “{quote}” (reference {ref})"),
    "dossier.cond.indicator": ("cùng nội dung với chỉ tiêu {id} của bộ: {status}", "same test as indicator {id} of the set: {status}"),
    "dossier.cond.satisfaction_note": ("ngưỡng hài lòng cấp xã chưa được ghi nhận", "the commune satisfaction threshold is not recorded"),
    "dossier.cond.to_confirm": ("cần xác nhận", "to confirm"),
    "dossier.no_conditions": ("Điều kiện công nhận cấp {level}: tài liệu tham chiếu chưa ghi nhận đầy đủ, không liệt kê.",
                              "Recognition conditions for this level ({level}): not fully recorded in the reference, not listed."),
    "dossier.complete": ("Hồ sơ đủ ở mọi chỉ tiêu (điều kiện công nhận vẫn cần xác nhận riêng).",
                         "Nothing is lacking in any indicator (the recognition conditions still need confirming)."),
    "dossier.lacking": ("Hồ sơ còn thiếu: {lacks} mục thiếu ở chỉ tiêu, tiêu chí đã đạt; {not_met} chỉ tiêu chưa đạt hoặc chưa kết luận.",
                        "Dossier incomplete: {lacks} {lacks:gap|gaps} in met indicators and criteria; {not_met} {not_met:indicator|indicators} not met or open."),
})


# new-set: a provincial set scaffolded from a national one, filled in Excel, read back
_CELL = ("trang “{sheet}”, ô {cell} ({column}): ", "sheet “{sheet}”, cell {cell} ({column}): ")
CATALOG.update({k: (_CELL[0] + vi, _CELL[1] + en) for k, (vi, en) in {
    "newset.cell_required": ("ô bắt buộc đang trống", "this required cell is empty"),
    "newset.cell_part": ("“{value}” là một phần của chỉ tiêu gộp {composite}; chỉ tiêu gộp không điền theo dòng",
                         "“{value}” is a part of composite {composite}; composites are not filled row by row"),
    "newset.cell_unknown_id": ("bộ {set_id} không có chỉ tiêu “{value}”", "set {set_id} has no indicator “{value}”"),
    "newset.cell_composite": ("“{value}” là chỉ tiêu gộp (gồm {parts}): không có ngưỡng riêng",
                              "“{value}” is a composite (of {parts}): it has no threshold of its own"),
    "newset.cell_year_type": ("năm “{value}” không phải một năm (4 chữ số)", "“{value}” is not a year (4 digits)"),
    "newset.cell_year_outside": ("năm {value} nằm ngoài các năm của bộ ({years})",
                                 "year {value} is outside the set's years ({years})"),
    "newset.cell_duplicate": ("dòng trùng: chỉ tiêu {value} năm {year} đã có ở ô {first}",
                              "duplicate row: indicator {value}, year {year} is already at cell {first}"),
    "newset.cell_bad_op": ("phép so sánh “{value}” không có trong danh sách ({choices})",
                           "comparator “{value}” is not one of {choices}"),
    "newset.cell_yes_no_op": ("chỉ tiêu Đạt/Không đạt chỉ dùng phép so sánh “=”, không phải “{value}”",
                              "a yes/no indicator takes “=”, not “{value}”"),
    "newset.cell_op_differs": ("phép so sánh “{value}” khác năm khác của cùng chỉ tiêu (“{other}” ở ô {first})",
                               "comparator “{value}” differs from another year of the same indicator (“{other}” at {first})"),
    "newset.cell_value_bool": ("“{value}”: chỉ tiêu này là Đạt/Không đạt, ghi “đạt”",
                               "“{value}”: this is a yes/no indicator, write “đạt”"),
    "newset.cell_value_number": ("“{value}” không phải là số (ngưỡng là một số{unit}, không kèm chữ; ví dụ 17,5 hoặc 17.5)",
                                 "“{value}” is not a number (the threshold is a number{unit}, no words; e.g. 17.5)"),
    "newset.cell_value_ambiguous": ("“{value}” có cả dấu chấm và dấu phẩy: không rõ đâu là dấu thập phân; bỏ dấu phân cách hàng nghìn",
                                    "“{value}” has both a point and a comma: ambiguous; drop the thousands separator"),
    "newset.cell_value_percent": ("tỷ lệ {value} nằm ngoài 0–100", "percentage {value} is outside 0–100"),
    "newset.cell_looser": ("ngưỡng {value} năm {year} nới lỏng ngưỡng của bộ {set_id} ({parent}); chỉ được phép khi cột Ghi chú "
                           "nói rõ lý do và cột Văn bản dẫn văn bản cho phép",
                           "threshold {value} for {year} loosens {set_id}'s ({parent}); allowed only when the Ghi chú "
                           "column says why and the Văn bản column cites the document that allows it"),
    "newset.meta_missing": ("ô bắt buộc đang trống", "this required cell is empty"),
    "newset.meta_parent": ("không tìm thấy bộ “{value}” ({detail})", "set “{value}” not found ({detail})"),
    "newset.meta_years": ("“{value}” không phải danh sách năm (ví dụ 2024, 2025)",
                          "“{value}” is not a list of years (e.g. 2024, 2025)"),
    "newset.meta_class": ("vùng “{value}” không có trong bộ cha ({choices})", "region “{value}” is not one of the parent's ({choices})"),
    "newset.meta_choice": ("“{value}” không phải một trong: {choices}", "“{value}” is not one of: {choices}"),
    "newset.meta_date": ("ngày “{value}” phải viết YYYY-MM-DD", "date “{value}” must be written YYYY-MM-DD"),
}.items()})
CATALOG.update({
    "newset.no_sheet": ("bảng không có trang “{sheet}” (có: {sheets}); đừng đổi tên hay xóa trang",
                        "the workbook has no sheet “{sheet}” (it has: {sheets}); do not rename or delete sheets"),
    "newset.header_merged": ("trang “{sheet}”, ô {cell}: hàng tiêu đề có ô bị gộp; bỏ gộp ô",
                             "sheet “{sheet}”, cells {cell}: the header row has merged cells; unmerge them"),
    "newset.header_moved": ("trang “{sheet}”, ô {cell}: cột “{header}” đã bị chuyển sang ô {found}; trả cột về chỗ cũ (không đọc các dòng)",
                            "sheet “{sheet}”, cell {cell}: column “{header}” was moved to {found}; move it back (rows not read)"),
    "newset.header_missing": ("trang “{sheet}”, ô {cell}: thiếu tiêu đề “{header}” (đang là “{got}”); không đọc các dòng",
                              "sheet “{sheet}”, cell {cell}: header “{header}” is missing (found “{got}”); rows not read"),
    "newset.cell_merged": ("trang “{sheet}”, ô {cell}: ô bị gộp; mỗi ô một giá trị, bỏ gộp ô",
                           "sheet “{sheet}”, cells {cell}: merged cells; one value per cell, unmerge them"),
    "newset.bad_id": ("mã bộ “{value}” không hợp lệ (chữ thường, số, - . _ và /; ví dụ lai-chau/2024/xa-ntm)",
                      "set id “{value}” is not valid (lower case, digits, - . _ and /; e.g. lai-chau/2024/xa-ntm)"),
    "newset.same_id": ("mã bộ mới “{value}” trùng bộ cha", "the new id “{value}” is the parent's"),
    "newset.year_outside_parent": ("năm {years} nằm ngoài các năm của bộ {set_id} ({allowed})",
                                   "years {years} are outside set {set_id}'s years ({allowed})"),
    "newset.need_class": ("bộ {set_id} có ngưỡng theo {key_name}: cần --{key_name} (một trong {choices})",
                          "set {set_id} has thresholds by {key_name}: give --{key_name} (one of {choices})"),
    "newset.add_part": ("--add {value}: là một phần của chỉ tiêu gộp {composite}; không thêm riêng được",
                        "--add {value}: a part of composite {composite}; it cannot be added alone"),
    "newset.add_unknown": ("--add {value}: bộ {set_id} không có chỉ tiêu này", "--add {value}: set {set_id} has no such indicator"),
    "newset.add_composite": ("--add {value}: chỉ tiêu gộp (gồm {parts}) không có ngưỡng riêng",
                             "--add {value}: a composite (of {parts}) has no threshold of its own"),
    "newset.bad_years": ("--years: “{value}” không phải năm hay khoảng năm (ví dụ 2024 2025, 2024-2025)",
                         "--years: “{value}” is not a year or range (e.g. 2024 2025, 2024-2025)"),
    "newset.bad_output": ("--output {path}: đuôi tệp phải là .yaml (bộ tiêu chí) hoặc .xlsx (bảng để điền)",
                          "--output {path}: the name must end in .yaml (the set) or .xlsx (a workbook to fill)"),
    "newset.from_xlsx_alone": ("--from-xlsx đọc mọi thông tin từ bảng: không kèm PARENT, --id, --region, --years, --add, --title",
                               "--from-xlsx reads everything from the workbook: no PARENT, --id, --region, --years, --add, --title"),
    "newset.from_xlsx_yaml": ("--from-xlsx ghi bộ YAML: --output phải là tệp .yaml (không phải {path})",
                              "--from-xlsx writes the YAML set: --output must be a .yaml file (not {path})"),
    "newset.need_parent": ("cần bộ cha (PARENT), ví dụ vn/2021-2025/xa-ntm; hoặc --from-xlsx",
                           "give the parent set (PARENT), e.g. vn/2021-2025/xa-ntm; or --from-xlsx"),
    "newset.extra_args": ("tham số thừa: {args}", "unexpected arguments: {args}"),
    "newset.need_id": ("cần --id, mã bộ của tỉnh (ví dụ lai-chau/2024/xa-ntm)",
                       "give --id, the province's set id (e.g. lai-chau/2024/xa-ntm)"),
    "newset.not_written": ("{count} lỗi trong bảng: chưa ghi tệp nào", "{count} problems in the workbook: nothing written"),
    "newset.read_back": ("đã đọc bảng: {filled} ngưỡng đã điền, {open} ô còn trống (giữ unknown) — bộ {set_id}",
                         "workbook read: {filled} thresholds filled, {open} left empty (kept unknown) — set {set_id}"),
    "newset.stdout": ("màn hình (stdout)", "the screen (stdout)"),
    "newset.written": ("Đã ghi {path}: {count} chỉ tiêu cần điền (năm {years}), kế thừa bộ {set_id}",
                       "wrote {path}: {count} indicators to fill (years {years}), extending {set_id}"),
    "newset.where_hint": ("lưu ý: `validate` và `--criteria-dir` tìm bộ theo đường dẫn <thư mục bộ tiêu chí>/{set_id}.yaml",
                          "note: `validate` and `--criteria-dir` find the set at <criteria folder>/{set_id}.yaml"),
})

# plan ----------------------------------------------------------------------------------------
# (`ntm-eval plan PLAN RESULTS…`: plan files, their targets, and what remains to be done)
CATALOG.update({
    # the plan file
    "plan.bad_number": ("“{name}”: “{value}” không phải là một số không âm", "“{name}”: “{value}” is not a non-negative number"),
    "plan.bad_count": ("“{name}”: “{value}” không phải là số nguyên không âm", "“{name}”: “{value}” is not a whole number"),
    "plan.bad_period": ("“period” phải là [năm đầu, năm cuối], ví dụ [2021, 2025]",
                        "“period” must be [first year, last year], e.g. [2021, 2025]"),
    "plan.no_targets": ("kế hoạch không có mục tiêu nào", "the plan has no targets"),
    "plan.no_year": ("mục tiêu không có năm: ghi “year:” ở mục tiêu hoặc ở đầu kế hoạch",
                     "the target has no year: give “year:” on the target or at the top of the plan"),
    "plan.year_outside": ("năm {year} nằm ngoài thời kỳ của kế hoạch ({start}–{end})",
                          "year {year} lies outside the plan's period ({start}–{end})"),
    "plan.bad_shape": ("mục tiêu phải có đúng một dạng: “unit” + “meets”/“criteria”/“criterion”; “average” + “set”; “criterion” + “set” + “units”/“percent”; “meets” + “units”/“percent” (khóa đã ghi: {keys})",
                       "a target takes exactly one shape: “unit” + “meets”/“criteria”/“criterion”; “average” + “set”; “criterion” + “set” + “units”/“percent”; “meets” + “units”/“percent” (keys given: {keys})"),
    "plan.set_twice": ("“meets” đã nêu bộ tiêu chí; bỏ “set”", "“meets” already names the set; drop “set”"),
    "plan.units_and_percent": ("ghi “units” (số đơn vị) hoặc “percent” (tỷ lệ), không ghi cả hai",
                               "give “units” (a count) or “percent” (a share), not both"),
    "plan.figure_with_unit": ("“{name}” không dùng cho mục tiêu của một đơn vị (số tiêu chí của đơn vị: “criteria:”)",
                              "“{name}” is not for a target of one unit (its number of criteria: “criteria:”)"),
    "plan.more_than_of": ("{units} đơn vị nhiều hơn tổng số {of}", "{units} units is more than the total of {of}"),
    "plan.baseline_shape": ("“baseline” cần “year” và đúng một trong “value” (giá trị năm gốc) hoặc “increase” (mức tăng đến năm mục tiêu)",
                            "“baseline” needs “year” and exactly one of “value” (the base year's figure) or “increase” (the rise to the target year)"),
    "plan.baseline_year": ("năm gốc {year} phải trước năm mục tiêu {target}", "the base year {year} must come before the target year {target}"),
    "plan.sheet_no_header": ("không tìm thấy dòng tiêu đề của bảng kế hoạch (cần ít nhất hai cột như: {headers})",
                             "no header row found in the plan sheet (at least two columns such as: {headers})"),
    "plan.xlsx_error": ("không đọc được tệp Excel: {detail}", "cannot read the Excel file: {detail}"),
    # references, checked against the catalog and the results
    "plan.unknown_set": ("không có bộ tiêu chí “{name}” (dùng tên khai báo trong “sets:” của kế hoạch, mã bộ như vn/2021-2025/xa-ntm, hoặc phần cuối của mã)",
                         "there is no criteria set “{name}” (use a name declared under the plan's “sets:”, a set id such as vn/2021-2025/xa-ntm, or its last part)"),
    "plan.unknown_criterion": ("bộ {set_id} không có tiêu chí “{name}” (các tiêu chí: {choices})",
                               "set {set_id} has no criterion “{name}” (criteria: {choices})"),
    "plan.criteria_over": ("{n} tiêu chí nhiều hơn số tiêu chí của bộ {set_id} ({total})", "{n} criteria is more than set {set_id} has ({total})"),
    "plan.duplicate_unit": ("hai kết quả cho cùng đơn vị {name} năm {year}: tệp này và {first}; giữ một",
                            "two results for the same unit {name} and year {year}: this one and {first}; keep one"),
    "plan.year_not_in_results": ("kết quả không có năm nào từ {year} trở về trước (kết quả là của năm {years}): không đánh giá được mục tiêu năm {year}",
                                 "the results have no year up to {year} (they are of {years}): a {year} target cannot be judged"),
    "plan.unknown_unit": ("kết quả không có đơn vị “{name}” trong phạm vi của mục tiêu", "the results have no unit “{name}” within the target's scope"),
    "plan.ambiguous_unit": ("“{name}” là tên của nhiều đơn vị trong kết quả ({units}); ghi rõ cấp (ví dụ “xã {name}”) hoặc phạm vi (“in: {{district: …}}”)",
                            "“{name}” names several units of the results ({units}); give the level (e.g. “xã {name}”) or the scope (“in: {{district: …}}”)"),
    "plan.set_not_in_results": ("không đơn vị nào trong kết quả được đánh giá theo bộ {name}; các đơn vị cùng cấp được đánh giá theo: {sets}",
                                "no unit of the results was evaluated with set {name}; the units of that level were evaluated with: {sets}"),
    "plan.no_results_arg": ("cần ít nhất một tệp, thư mục hoặc bảng kết quả sau tệp kế hoạch", "give at least one results file, folder or sheet after the plan"),
    # the report
    "plan.title": ("Tiến độ thực hiện kế hoạch nông thôn mới", "New rural development: plan progress"),
    "plan.plan": ("Kế hoạch: {title}", "Plan: {title}"),
    "plan.source": ("Nguồn: {source}", "Source: {source}"),
    "plan.results": ("Kết quả: {paths} — {n} đơn vị, năm {years}", "Results: {paths} — {n} {n:unit|units}, year {years}"),
    "plan.summary": ("{total} mục tiêu: {achieved} đạt, {on_track} đúng tiến độ, {behind} chưa đạt/chậm tiến độ, {undecided} chưa thể kết luận",
                     "{total} {total:target|targets}: {achieved} achieved, {on_track} on track, {behind} behind, {undecided} cannot tell yet"),
    "plan.status.achieved": ("Đạt", "Achieved"),
    "plan.status.on_track": ("Đúng tiến độ", "On track"),
    "plan.status.behind": ("Chậm tiến độ", "Behind"),
    "plan.status.behind_due": ("Chưa đạt", "Not reached"),
    "plan.status.undecided": ("Chưa thể kết luận", "Cannot tell yet"),
    "plan.more_than": ("trên ", "more than "),
    # what a target says
    "plan.says.unit_set": ("{unit} đạt chuẩn {set}", "{unit} meets {set}"),
    "plan.says.unit_criteria": ("{unit} đạt {more}{value}{of_total} tiêu chí ({set})", "{unit} meets {more}{value}{of_total} criteria ({set})"),
    "plan.says.unit_criterion": ("{unit} đạt tiêu chí số {criterion} ({set})", "{unit} meets criterion {criterion} ({set})"),
    "plan.says.average": ("Bình quân {more}{value} tiêu chí/{noun} ({set})", "An average of {more}{value} criteria per {noun} ({set})"),
    "plan.says.criterion_count": ("{more}{value}{of_total} {noun} đạt tiêu chí số {criterion} ({set})",
                                  "{more}{value}{of_total} {value:{noun}|{nouns}} {value:meets|meet} criterion {criterion} ({set})"),
    "plan.says.criterion_share": ("{more}{value}% số {noun} đạt tiêu chí số {criterion} ({set})",
                                  "{more}{value}% of {nouns} meet criterion {criterion} ({set})"),
    "plan.says.set_count": ("{more}{value}{of_total} {noun} đạt chuẩn {set}", "{more}{value}{of_total} {value:{noun}|{nouns}} {value:meets|meet} {set}"),
    "plan.says.set_share": ("{more}{value}% số {noun} đạt chuẩn {set}", "{more}{value}% of {nouns} meet {set}"),
    "plan.in_year": ("năm {year}", "in {year}"),
    # where it stands
    "plan.now.unit_set": ("hiện: {status}, {passed}/{total} tiêu chí", "now: {status}, {passed}/{total} {total:criterion|criteria}"),
    "plan.now.unit_criteria": ("hiện: {passed}/{total} tiêu chí", "now: {passed}/{total} {total:criterion|criteria}"),
    "plan.now.unit_criterion": ("hiện: {status}", "now: {status}"),
    "plan.now.average": ("hiện: bình quân {avg} tiêu chí/{noun} ({n} {noun})", "now: an average of {avg} criteria per {noun} ({n} {n:{noun}|{nouns}})"),
    "plan.now.count": ("hiện: {k}/{n} {noun} đạt ({pct}%)", "now: {k}/{n} {n:{noun}|{nouns}} ({pct}%)"),
    "plan.now.open": ("{n} chưa kết luận", "{n} undecided"),
    "plan.now.results_year": ("theo kết quả năm {year}", "from the {year} results"),
    "plan.expected": ("mốc năm {year} theo tiến độ: {expected}", "expected by {year}: {expected}"),
    # what remains
    "plan.left.criteria": ("còn {n} tiêu chí: {ids}", "{n} {n:criterion|criteria} left: {ids}"),
    "plan.left.criteria_of": ("cần thêm {n} tiêu chí (chưa đạt: {ids})", "need {n} more {n:criterion|criteria} (not met: {ids})"),
    "plan.left.units_criterion": ("cần thêm {n} {noun} đạt tiêu chí {criterion}", "need {n} more {n:{noun}|{nouns}} meeting criterion {criterion}"),
    "plan.left.units_set": ("cần thêm {n} {noun} đạt chuẩn", "need {n} more {n:{noun}|{nouns}} meeting the set"),
    "plan.left.average": ("cần thêm {n} lượt tiêu chí đạt (+{per} tiêu chí/{noun})", "need {n} more {n:criterion|criteria} met (+{per} per {noun})"),
    "plan.left.undecided_criteria": ("chưa kết luận: {ids}", "undecided: {ids}"),
    "plan.left.undecided_units": ("chưa kết luận: {names}", "undecided: {names}"),
    "plan.left.closing": ("{n} {noun} gần nhất cần hoàn thành tổng cộng {total} tiêu chí", "the {n} nearest {n:{noun}|{nouns}} need {total} {total:criterion|criteria} in all"),
    "plan.why.no_results": ("kết quả chưa có đơn vị nào cho mục tiêu này{area}", "the results hold no unit for this target{area}"),
    "plan.why.open": ("các đơn vị, tiêu chí chưa kết luận (thiếu dữ liệu, chưa có ngưỡng) còn có thể làm thay đổi kết quả",
                      "undecided units or criteria (data missing, no threshold) could still change the outcome"),
    "plan.why.no_baseline": ("chưa đến hạn ({year}) và kế hoạch không ghi mốc xuất phát (“baseline”) để so tiến độ",
                             "not due yet ({year}) and the plan gives no “baseline” to measure progress against"),
    "plan.why.absent": ("{n}/{of} {noun} kế hoạch tính chưa có trong kết quả (chưa được đánh giá theo bộ này)",
                        "{n} of the {of} {nouns} the plan counts are not in the results (not evaluated with this set)"),
    "plan.why.not_applicable": ("không áp dụng cho đơn vị này", "does not apply to this unit"),
    "plan.note.of_differs": ("kế hoạch tính trên {of} đơn vị, kết quả có {n}", "the plan counts {of} units, the results hold {n}"),
    # what to do next
    "plan.next.heading": ("Việc cần làm tiếp", "What to do next"),
    "plan.next.how": ("Cách xếp: chỉ tiêu chưa đạt xếp theo khoảng cách tương đối |giá trị − ngưỡng| / ngưỡng (tối đa 100%; chỉ tiêu Đạt/Chưa đạt và tiêu chí chưa đạt theo kết luận không có số liệu tính 100%), gần nhất trước, cùng khoảng cách thì cần thêm ít đơn vị hơn trước; tiêu chí: tổng khoảng cách các chỉ tiêu chưa đạt; đơn vị: số tiêu chí chưa đạt, rồi tổng khoảng cách. Chỉ tiêu thiếu dữ liệu hoặc chưa có ngưỡng không được xếp (chưa biết còn bao xa).",
                     "Ranking: failing indicators by relative gap |value − threshold| / threshold (at most 100%; a yes/no indicator, or a criterion failed by a verdict without figures, counts 100%), nearest first, ties by fewer counted units needed; a criterion by the sum of its failing indicators' gaps; a unit by the number of criteria not met, then their total gap. Indicators with no data or no threshold are not ranked (how far they are is unknown)."),
    "plan.next.target": ("{label}: gần nhất —", "{label}: nearest —"),
    "plan.next.batch": ("Các chỉ tiêu chưa đạt gần ngưỡng nhất trong kết quả ({n})", "The failing indicators nearest their thresholds in the results ({n})"),
    "plan.next.gap": ("{unit} — chỉ tiêu {id} ({title}): {value}, ngưỡng {threshold}; {short} (cách ngưỡng {rel}%)",
                      "{unit} — indicator {id} ({title}): {value}, threshold {threshold}; {short} ({rel}% from the threshold)"),
    "plan.next.gap_yes_no": ("{unit} — chỉ tiêu {id} ({title}): chưa đạt", "{unit} — indicator {id} ({title}): not met"),
    "plan.next.crit": ("tiêu chí {id} ({title}), khoảng cách {cost}%", "criterion {id} ({title}), gap {cost}%"),
    "plan.next.unit_crit": ("{unit}: tiêu chí {id} ({title}){detail}", "{unit}: criterion {id} ({title}){detail}"),
    "plan.next.unit_set": ("{unit}: còn {n} tiêu chí ({ids})", "{unit}: {n} {n:criterion|criteria} left ({ids})"),
    "plan.next.none": ("không có chỉ tiêu chưa đạt nào đo được khoảng cách", "no failing indicator with a measurable gap"),
    "plan.col.target": ("Mục tiêu", "Target"),
    "plan.col.year": ("Năm", "Year"),
    "plan.col.status": ("Đánh giá", "Status"),
    "plan.col.now": ("Hiện trạng", "Now"),
    "plan.col.left": ("Còn lại", "What remains"),
    "plan.col.id": ("STT", "#"),
    "plan.exit_note": ("Mã thoát: 0 mọi mục tiêu đạt · 1 chưa đạt hết · 2 dữ liệu hoặc kế hoạch không hợp lệ",
                       "Exit: 0 every target achieved · 1 not all · 2 invalid data or plan"),
})
CATALOG.update({
    "dossier.col.unit": ("Đơn vị", "Unit"),
    "dossier.col.criterion": ("Tiêu chí", "Criterion"),
    "dossier.col.condition": ("Điều kiện công nhận", "Recognition condition"),
    "dossier.col.source": ("Nguồn", "Source"),
})
CATALOG.update({  # new-set: the words of the YAML scaffold and of the workbook
    "newset.parent.none": ("chưa có ngưỡng", "no threshold"),
    "newset.parent.printed": ("{value} (chưa rõ phép so sánh)", "{value} (comparator in doubt)"),
    "newset.parent.yes": ("đạt", "met"),
    "newset.y.head": ("Bộ tiêu chí của tỉnh, kế thừa bộ {parent} ({klass}; năm {years}).",
                      "A provincial criteria set extending {parent} ({klass}; years {years})."),
    "newset.y.made": ("Tạo bằng `ntm-eval new-set`.", "Made with `ntm-eval new-set`."),
    "newset.y.made_from_xlsx": ("Tạo bằng `ntm-eval new-set` từ bảng Excel đã điền (--from-xlsx).",
                                "Made with `ntm-eval new-set` from a filled workbook (--from-xlsx)."),
    "newset.y.merge": ("Chỉ tiêu nào tỉnh không ghi ở đây thì giữ nguyên như bộ quốc gia (`extends`: gộp theo mã).",
                       "Indicators not written here stay as in the national set (extends: merged by id)."),
    "newset.y.how": ("CÁCH ĐIỀN: tìm các dòng “CẦN ĐIỀN”; thay mỗi `unknown` dưới `by_year` bằng ngưỡng của năm đó\n"
                     "(số theo đơn vị đã ghi, dấu chấm thập phân: 17.5; chỉ tiêu Đạt/Không đạt: true); nếu chưa\n"
                     "có thì để nguyên `unknown`. Sau đó chạy: ntm-eval validate <thư mục bộ tiêu chí>.",
                     "HOW TO FILL: find the “CẦN ĐIỀN” (to fill) lines; replace each `unknown` under `by_year` with\n"
                     "that year's threshold (a number in the unit shown, decimal point: 17.5; yes/no: true); leave\n"
                     "`unknown` where there is none yet. Then run: ntm-eval validate <criteria folder>."),
    "newset.y.doc_placeholder": ("CẦN ĐIỀN: Quyết định số …/QĐ-UBND ngày … của UBND tỉnh …",
                                 "CẦN ĐIỀN (to fill): Decision No. …/QĐ-UBND of … by the provincial People's Committee"),
    "newset.y.doc": ("CẦN ĐIỀN: số, ký hiệu văn bản của tỉnh", "CẦN ĐIỀN: the number of the province's decision"),
    "newset.y.date": ("CẦN ĐIỀN: ngày ban hành (bỏ dấu # đầu dòng)", "CẦN ĐIỀN: date of issue (remove the leading #)"),
    "newset.y.part": ("CẦN ĐIỀN: phụ lục chứa bộ tiêu chí (bỏ dấu # đầu dòng)",
                      "CẦN ĐIỀN: the annex holding the set (remove the leading #)"),
    "newset.y.skipped": ("Chưa có ngưỡng nhưng là phần của chỉ tiêu gộp (không điền ở đây; chép cả chỉ tiêu gộp với `parts` "
                         "nếu tỉnh quy định): {ids}",
                         "No threshold but parts of composites (not filled here; copy the whole composite with its `parts` "
                         "if the province sets them): {ids}"),
    "newset.y.unit": (" — đơn vị: {unit}", " — unit: {unit}"),
    "newset.y.parent": ("Bộ quốc gia ({klass}): {values}", "National set ({klass}): {values}"),
    "newset.y.added": (" — tỉnh quy định riêng (--add)", " — set by the province (--add)"),
    "newset.y.what_yes_no": ("true (Đạt) hoặc false", "true (met) or false"),
    "newset.y.what_number": ("một số{unit}", "a number{unit}"),
    "newset.y.fill": ("CẦN ĐIỀN: ngưỡng năm {years} — {what}; op: \">=\" ít nhất, \"<=\" nhiều nhất, \"=\" đúng bằng",
                      "CẦN ĐIỀN: the threshold for {years} — {what}; op: \">=\" at least, \"<=\" at most, \"=\" exactly"),
    "newset.x.yes_no": ("Đạt/Không đạt", "Met/Not met"),
    "newset.x.op_error": ("Chọn ≥, ≤ hoặc =", "Choose ≥, ≤ or ="),
    "newset.x.instructions": (
        "HƯỚNG DẪN ĐIỀN BẢNG NGƯỠNG CỦA TỈNH\n"
        "1. Trang “Ngưỡng”: mỗi dòng là một chỉ tiêu × một năm. Chỉ điền các cột trắng: Phép so sánh, Ngưỡng, "
        "Văn bản, Ghi chú. Các cột xám (mã, nội dung, đơn vị, năm, ngưỡng bộ quốc gia) đã khóa.\n"
        "2. Phép so sánh: chọn trong danh sách ≥ (ít nhất), ≤ (nhiều nhất), = (đúng bằng).\n"
        "3. Ngưỡng: một số theo đơn vị của dòng (dấu phẩy hoặc dấu chấm thập phân đều được: 17,5 hay 17.5; "
        "không dùng dấu phân cách hàng nghìn). Chỉ tiêu Đạt/Không đạt: ghi “đạt”. Chưa có thì để trống: "
        "ngưỡng giữ là chưa biết (unknown), không bao giờ tính là Đạt.\n"
        "4. Văn bản: để trống nếu ngưỡng lấy từ văn bản ban hành bộ (ghi ở bảng dưới); ghi số hiệu nếu lấy "
        "từ văn bản khác.\n"
        "5. Nới lỏng so với ngưỡng quốc gia đã có (ví dụ ghi ≥ 90 khi quốc gia là ≥ 95) là lỗi, trừ khi cột "
        "Ghi chú nói rõ lý do VÀ cột Văn bản dẫn văn bản cho phép.\n"
        "6. Không thêm, xóa, gộp hay di chuyển cột; không đổi tên trang. Điền bảng THÔNG TIN dưới đây "
        "(ô trắng), rồi chạy:\n"
        "     “ntm-eval new-set --from-xlsx <tệp này> -o <thư mục bộ tiêu chí>/<mã bộ>.yaml”\n"
        "   Mọi ô sai được báo theo trang và ô (ví dụ: trang “Ngưỡng”, ô E12); khi có lỗi, không tệp nào được ghi.\n"
        "7. Kiểm tra và dùng: “ntm-eval validate <thư mục>”; “ntm-eval check xa.yaml --criteria-dir <thư mục> --set <mã bộ>”.",
        "HOW TO FILL THE PROVINCE'S THRESHOLD SHEET\n"
        "1. Sheet “Ngưỡng”: one row per indicator × year. Fill only the white columns (comparator, threshold, "
        "document, note); the grey ones are locked.\n"
        "2. Comparator: pick ≥ (at least), ≤ (at most) or = (exactly) from the list.\n"
        "3. Threshold: a number in the row's unit (17,5 or 17.5; no thousands separator); yes/no indicators: "
        "“đạt”. Leave empty when unknown: it stays unknown, never a pass.\n"
        "4. Document: empty when the threshold comes from the set's decision (table below); else its number.\n"
        "5. Loosening a known national threshold is an error unless the note says why AND the document cites "
        "what allows it.\n"
        "6. Do not add, delete, merge or move columns, nor rename sheets. Fill the table below, then run:\n"
        "     ntm-eval new-set --from-xlsx <this file> -o <criteria folder>/<set id>.yaml\n"
        "   Every bad cell is reported by sheet and cell; on any problem nothing is written.\n"
        "7. Check and use: ntm-eval validate <folder>; ntm-eval check xa.yaml --criteria-dir <folder> --set <set id>."),
})

# Helpers' blocks (issue 13): each adds `CATALOG.update({...})` right below its own marker line.
# --- messages: xlsx-print ---
CATALOG.update({
    # page header / footer of every printed sheet ("&D", "&P", "&N": the date, page and page count)
    "xlsx.print.date": ("In ngày &D", "Printed &D"),
    "xlsx.print.page": ("Trang &P / &N", "Page &P of &N"),
    # the summary table of the "Tổng hợp" sheet: one row per criteria set
    "batch.xlsx.summary_table": ("Bảng tổng hợp theo bộ tiêu chí", "Summary by criteria set"),
    "batch.xlsx.col.level": ("Cấp đánh giá", "Evaluated at"),
    "batch.xlsx.col.set_title": ("Tên bộ tiêu chí", "Criteria set title"),
    "batch.xlsx.col.units": ("Số đơn vị được đánh giá", "Units evaluated"),
    "batch.xlsx.col.criteria": ("Số tiêu chí của bộ", "Criteria in the set"),
    "batch.xlsx.col.average": ("Bình quân tiêu chí đạt/đơn vị", "Average criteria met per unit"),
    "batch.xlsx.col.min": ("Ít nhất", "Fewest met"),
    "batch.xlsx.col.max": ("Nhiều nhất", "Most met"),
    "batch.xlsx.col.passed": ("Số đơn vị đạt chuẩn", "Units meeting the set"),
    "batch.xlsx.col.failed": ("Số đơn vị chưa đạt chuẩn", "Units not meeting the set"),
    "batch.xlsx.col.undecided": ("Số đơn vị chưa kết luận", "Units undecided"),
    "batch.xlsx.col.percent": ("% đạt chuẩn", "% meeting the set"),
    "batch.xlsx.col.known": ("Chỉ tiêu đã có ngưỡng", "Indicators with a threshold"),
    "batch.xlsx.col.declared": ("Chỉ tiêu của văn bản", "Indicators in the decision"),
    "batch.xlsx.col.sentence": ("Nội dung", "Text"),
    # why a share cell is empty (numbers stay numbers: no "—" in a number column)
    "batch.xlsx.empty_cells": (
        "Ô để trống ở cột tỷ lệ (“% đạt”, “% đạt chuẩn”, “TC… %”): chưa tính được tỷ lệ — chưa đơn vị nào "
        "được kết luận (chưa có ngưỡng, thiếu dữ liệu), hoặc ở cột “% đạt chuẩn” còn đơn vị chưa kết luận. "
        "Ô trống không phải là 0%; lý do ghi ở cột “Ghi chú” của trang “Theo tiêu chí”.",
        "An empty cell in a share column (“% met”, “% meeting the set”, “C… %”): no share can be given yet — "
        "no unit was decided (no threshold yet, data missing), or in “% meeting the set” some units are still "
        "undecided. An empty cell is not 0%; the reason is in the “Note” column of the “By criterion” sheet."),
})
# --- messages: template-xlsx ---
CATALOG.update({
    "sheet.at_cell": ("{file}: ô {cell}", "{file}: cell {cell}"),
    "sheet.at_row": ("{file}: dòng {row}", "{file}: row {row}"),
    "template.bad_format_output": ("--format xlsx cần --output TỆP.xlsx (bảng tính không in ra màn hình)",
                                   "--format xlsx needs --output FILE.xlsx (a workbook is not printed to the screen)"),
    "template.members_and_units": ("chỉ dùng một trong “--members” và “--units”", "use only one of --members and --units"),
    "template.members_yaml_only": ("“--members” và “--units” chỉ dùng với “--format xlsx”",
                                   "--members and --units are for --format xlsx only"),
    "template.members_missing": ("không tìm thấy tệp hoặc thư mục", "no such file or folder"),
    "template.members_empty": ("không tìm thấy tên đơn vị nào (tệp danh sách: mỗi dòng một tên; thư mục: các tệp "
                               "YAML của đơn vị; tệp huyện: mục “members:”)",
                               "no unit names found (a list file: one name per line; a folder: unit YAML files; "
                               "a district file: its “members:”)"),
    "template.members_other_level": ("bỏ qua {count} đơn vị không phải cấp {level} (bộ {set_id}): {names}",
                                     "skipped {count} units that are not of level {level} (set {set_id}): {names}"),
    "template.wrote": ("Đã ghi {path}: {rows} dòng đơn vị, {indicators} chỉ tiêu, {criteria} tiêu chí",
                       "wrote {path}: {rows} unit rows, {indicators} indicators, {criteria} criteria"),
    "tx.sheet": ("Số liệu", "Data"),
    "tx.help_sheet": ("Hướng dẫn", "Instructions"),
    "tx.criterion_col": ("Kết luận tiêu chí {id} theo xác nhận: {title}", "Attested verdict of criterion {id}: {title}"),
    "tx.by_col": ("Cơ quan/đơn vị xác nhận các kết luận tiêu chí của dòng", "Who attested the row's criterion verdicts"),
    "tx.document_col": ("Số, tên văn bản xác nhận (biên bản thẩm tra, quyết định…)",
                        "Number and title of the attesting document"),
    "tx.date_col": ("Ngày văn bản (YYYY-MM-DD)", "Date of the document (YYYY-MM-DD)"),
    "tx.unit_col": ("Thông tin đơn vị", "The unit"),
    "tx.threshold": ("Ngưỡng: {threshold}", "Threshold: {threshold}"),
    "tx.unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "tx.optional": ("nếu có — ghi “Không áp dụng” khi không có", "if any — “Không áp dụng” when there is none"),
    "tx.counts": ("có thể ghi số đếm “12/14” ({counts_of})", "counts may be written “12/14” ({counts_of})"),
    "tx.pick": ("Chọn trong danh sách", "Pick from the list"),
    "tx.percent": ("Tỷ lệ 0–100 (93,4 nghĩa là 93,4%)", "A share 0–100 (93.4 means 93.4%)"),
    "tx.whole": ("Số nguyên ≥ 0", "A whole number ≥ 0"),
    "tx.number": ("Số ≥ 0", "A number ≥ 0"),
    "tx.bad_value": ("Giá trị không hợp lệ", "Invalid value"),
    "tx.bad_pick": ("Chọn Đạt, Chưa đạt (hoặc Không áp dụng nếu có) trong danh sách",
                    "Pick Đạt, Chưa đạt (or Không áp dụng where offered) from the list"),
    "tx.bad_percent": ("Tỷ lệ phải từ 0 đến 100", "A share must be between 0 and 100"),
    "tx.bad_number": ("Cần một số không âm", "A non-negative number is needed"),
    "tx.verdict_pick": ("Đạt / Chưa đạt theo văn bản xác nhận; để trống nếu chưa có",
                        "Đạt / Chưa đạt as attested; leave empty when there is no attestation"),
    "tx.help": (
        "HƯỚNG DẪN NHẬP SỐ LIỆU — {set_id}\n"
        "{title}\n"
        "Năm đánh giá: {year} · {klass}\n"
        "\n"
        "1. Điền trang “{sheet}”: mỗi dòng một đơn vị. Dòng 1 là tiêu đề (mã chỉ tiêu như 17.10, lưu dạng chữ), "
        "dòng 2 “(mô tả)” ghi tên, đơn vị tính và ngưỡng của từng chỉ tiêu — công cụ bỏ qua dòng này. "
        "Không đổi tên, không xóa, không chèn cột giữa các cột tiêu đề; có thể thêm dòng đơn vị.\n"
        "2. Ô để trống là THIẾU DỮ LIỆU (không bao giờ được tính là Đạt). Chưa có số liệu thì để trống, "
        "không ghi 0.\n"
        "3. Tỷ lệ (%): ghi số từ 0 đến 100 (93,4 hoặc 93.4 nghĩa là 93,4%). Dấu phẩy thập phân kiểu Việt Nam "
        "được chấp nhận; không dùng dấu phân cách hàng nghìn (không ghi 1.234,5).\n"
        "4. Số liệu đếm: ghi “12/14” (12 trên 14 thôn) — công cụ tính tỷ lệ và cho biết còn thiếu bao nhiêu.\n"
        "5. Chỉ tiêu Đạt/Chưa đạt: chọn trong danh sách thả xuống; “Không áp dụng” chỉ có ở chỉ tiêu "
        "“nếu có”.\n"
        "6. Cột TC1, TC2…: kết luận của cả tiêu chí theo văn bản xác nhận (Đạt/Chưa đạt), chỉ khi đã có "
        "văn bản; ghi kèm “Đơn vị xác nhận”, “Văn bản”, “Ngày văn bản”. Kết luận tính từ số liệu luôn thắng; "
        "kết luận ghi trái với số liệu là mâu thuẫn.\n"
        "7. Kiểm tra và đánh giá cả bảng:\n"
        "     ntm-eval batch {file}\n"
        "     ntm-eval batch {file} --format xlsx -o ket-qua.xlsx\n"
        "   Lỗi được báo theo ô, ví dụ “{file}: ô F12: …”.\n"
        "8. {coverage}",
        "HOW TO ENTER THE DATA — {set_id}\n"
        "{title}\n"
        "Evaluation year: {year} · {klass}\n"
        "\n"
        "1. Fill the “{sheet}” sheet: one row per unit. Row 1 holds the headers (indicator ids such as 17.10, "
        "stored as text); row 2, “(description)”, gives each indicator's title, unit and threshold — the tool "
        "skips it. Do not rename, delete or insert columns among the headers; you may add unit rows.\n"
        "2. An empty cell is MISSING DATA (never counted as met). Leave it empty rather than writing 0.\n"
        "3. Shares (%): a number from 0 to 100 (93,4 or 93.4 means 93.4%). The Vietnamese decimal comma is "
        "accepted; no thousands separator (not 1.234,5).\n"
        "4. Counts: write “12/14” (12 of 14 villages) — the tool computes the share and how many are missing.\n"
        "5. Met/not met indicators: pick from the drop-down; “Không áp dụng” (not applicable) only for "
        "“if any” indicators.\n"
        "6. Columns TC1, TC2…: the verdict on the whole criterion as attested in a document (Đạt/Chưa đạt), "
        "only when there is one; with “Đơn vị xác nhận” (who), “Văn bản” (document), “Ngày văn bản” (date). "
        "A verdict computed from the figures always wins; an attested one that contradicts them is a conflict.\n"
        "7. Check and evaluate the whole sheet:\n"
        "     ntm-eval batch {file} --lang en\n"
        "     ntm-eval batch {file} --format xlsx -o results.xlsx\n"
        "   Errors name the cell, e.g. “{file}: cell F12: …”.\n"
        "8. {coverage}"),
    "tx.no_class": ("mọi vùng/nhóm (ngưỡng theo từng vùng/nhóm ở dòng mô tả)",
                    "every region/group (per-class thresholds in the description row)"),
    "tx.class": ("{key}: {value}", "{key}: {value}"),
})
# --- messages: html-report ---
CATALOG.update({
    "html.tip.head": ("{crit} {title} — {status}", "{crit} {title} — {status}"),
    "html.tip.head_short": ("{crit} — {status}", "{crit} — {status}"),
    "html.tip.indicator": ("{id} = {value} ({details})", "{id} = {value} ({details})"),
    "html.threshold": ("ngưỡng {threshold}", "threshold {threshold}"),
    "html.basis.computed": ("tính từ số liệu", "computed from the numbers"),
    "html.basis.attested": ("theo xác nhận của {source}", "attested by {source}"),
    "html.basis.attested_plain": ("theo xác nhận", "attested"),
    "html.basis.conflict": ("mâu thuẫn: số liệu và kết luận được xác nhận ({source}) khác nhau",
                            "conflict: the numbers and the attested verdict ({source}) differ"),
    "html.basis.open": ("chưa kết luận", "undecided"),
    "html.summary.set": ("{label}: {figures}", "{label}: {figures}"),
    "html.summary.label": ("{level} {tier}", "{level} ({tier})"),
    "html.summary.meeting": ("{k}/{n} {unit} đạt chuẩn", "{k}/{n} {units} meet the set"),
    "html.summary.not_met": ("{n} chưa đạt", "{n} not met"),
    "html.summary.open": ("{n} chưa thể kết luận", "{n} undecided"),
    "html.summary.average": ("bình quân {avg}/{total} tiêu chí/{unit}", "on average {avg}/{total} criteria per {unit}"),
    "html.coverage.many": ("Kết quả chỉ là một phần, chưa phải kết luận công nhận: {n} bộ tiêu chí còn thiếu ngưỡng "
                           "cho một số chỉ tiêu.",
                           "The results are partial, not a recognition verdict: {n} criteria sets still lack "
                           "thresholds for some indicators."),
    "html.coverage.details": ("Chi tiết từng bộ tiêu chí", "Details by criteria set"),
    "html.matrix_hint": ("Di chuột lên một ô để xem giá trị, ngưỡng, phần còn thiếu và cơ sở kết luận; bấm tên "
                         "đơn vị để xem bảng chỉ tiêu.",
                         "Hover over a cell for its values, thresholds, gaps and basis; click a unit's name for "
                         "its indicator table."),
    "html.drill.heading": ("Chi tiết từng đơn vị", "Unit details"),
    "html.drill.intro": ("Bấm tên đơn vị để mở bảng chỉ tiêu: giá trị, ngưỡng, kết quả, phần còn thiếu, cơ sở kết "
                         "luận, minh chứng và xác nhận.",
                         "Click a unit to open its indicator table: value, threshold, result, gap, basis, evidence "
                         "and attestation."),
    "html.drill.limited": ("Chi tiết chỉ ghi cho {k} đơn vị đầu tiên (trong {n} đơn vị) để tệp không quá lớn; xem "
                           "các đơn vị khác bằng “ntm-eval check TỆP”.",
                           "Details are given for the first {k} units only (of {n}), to keep the file small; see "
                           "the others with “ntm-eval check FILE”."),
    "html.drill.print_note": ("Bản in không kèm bảng chỉ tiêu của từng đơn vị (xem bản điện tử, hoặc "
                              "“ntm-eval check TỆP” cho từng đơn vị).",
                              "The printed copy leaves out each unit's indicator table (see the file itself, or "
                              "“ntm-eval check FILE” per unit)."),
    "html.drill.unit": ("{name} — {status} ({met} tiêu chí)", "{name} — {status} ({met} criteria)"),
    "html.col.indicator": ("Chỉ tiêu", "Indicator"),
    "html.col.title": ("Nội dung", "Title"),
    "html.col.value": ("Giá trị", "Value"),
    "html.col.threshold": ("Ngưỡng", "Threshold"),
    "html.col.status": ("Kết quả", "Result"),
    "html.col.gap": ("Còn thiếu", "Gap"),
    "html.col.basis": ("Cơ sở kết luận", "Basis"),
    "html.col.evidence": ("Minh chứng", "Evidence"),
    "html.col.attestation": ("Xác nhận (cơ quan, văn bản)", "Attestation (by, document)"),
    "html.title_block.unit": ("Đơn vị", "Unit"),
    "html.title_block.period": ("Kỳ đánh giá", "Period"),
    "html.title_block.date": ("Ngày lập", "Date"),
    "html.period.year": ("năm {year}", "{year}"),
    "html.period.years": ("các năm {first}–{last}", "{first}–{last}"),
    "html.page": ("Trang", "Page"),
    "html.sign.place_date": ("{place}, ngày … tháng … năm …", "{place}, date: …"),
    "html.sign.maker": ("Người lập biểu", "Prepared by"),
    "html.sign.head": ("Thủ trưởng đơn vị", "Head of office"),
    "html.sign.hint": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
})
# --- messages: pdf-docx ---
CATALOG.update({
    "report.check_title": ("Kết quả đánh giá tiêu chí nông thôn mới", "New rural development: criteria evaluation"),
    "report.page": ("Trang {page} / {pages}", "Page {page} / {pages}"),
    "report.printed": ("Ngày in: {date}", "Printed: {date}"),
    "report.sign.place_date": ("……………, ngày …… tháng …… năm ……", "……………, date ……………"),
    "report.sign.preparer": ("Người lập biểu", "Prepared by"),
    "report.sign.head": ("Thủ trưởng đơn vị", "Head of office"),
    "report.sign.note": ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
    "report.col.basis": ("Căn cứ", "Basis"),
    "report.basis.computed": ("Số liệu", "Numbers"),
    "report.basis.attested": ("Xác nhận", "Attested"),
    "report.summary": ("Tổng hợp", "Summary"),
    "report.criteria": ("Tiêu chí và chỉ tiêu", "Criteria and indicators"),
    "report.file_errors": ("Tệp không đánh giá được: {path}", "File not evaluated: {path}"),
    "cli.binary_needs_output": ("định dạng {format} cần --output TỆP.{format} (không in ra màn hình)",
                                "the {format} format needs --output FILE.{format} (it is not printed to the screen)"),
    "check.agency_output": ("--by agency / --agencies của check chỉ in ra màn hình (table, json); báo cáo ra tệp: "
                            "“ntm-eval batch … --by agency -o TỆP”",
                            "check's --by agency / --agencies prints to the screen only (table, json); for a file: "
                            "“ntm-eval batch … --by agency -o FILE”"),
})
# --- messages: cli-language ---
CATALOG.update({
    # click's own words (the English text is click's gettext message id: keep it exact)
    "cli.click.usage": ("Cách dùng: ", "Usage: "),
    "cli.click.options": ("Tùy chọn", "Options"),
    "cli.click.commands": ("Lệnh", "Commands"),
    "cli.click.arguments": ("Tham số", "Positional arguments"),
    "cli.click.options_metavar": ("[TÙY CHỌN]", "[OPTIONS]"),
    "cli.click.command_metavar": ("LỆNH [THAM SỐ]...", "COMMAND [ARGS]..."),
    "cli.click.help_option": ("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    "cli.click.version_option": ("Hiện phiên bản rồi thoát.", "Show the version and exit."),
    "cli.click.error": ("Lỗi: {message}", "Error: {message}"),
    "cli.click.try_help": ("Xem “{command} {option}” để được hướng dẫn.", "Try '{command} {option}' for help."),
    "cli.click.no_such_option": ("Không có tùy chọn “{name}”.", "No such option {name!r}."),
    "cli.click.no_such_option_81": ("Không có tùy chọn “{name}”.", "No such option: {name}"),
    "cli.click.did_you_mean": ("Có phải ý bạn là {possibility}?", "Did you mean {possibility}?"),
    "cli.click.did_you_mean_many": ("(Có phải ý bạn là một trong: {possibilities}?)",
                                    "(Did you mean one of: {possibilities}?)"),
    "cli.click.no_such_command": ("Không có lệnh “{name}”.", "No such command {name!r}."),
    "cli.click.missing_command": ("Thiếu lệnh.", "Missing command."),
    "cli.click.missing_argument": ("Thiếu tham số", "Missing argument"),
    "cli.click.missing_option": ("Thiếu tùy chọn", "Missing option"),
    "cli.click.missing_parameter": ("Thiếu tham số", "Missing parameter"),
    "cli.click.missing_param_name": ("Thiếu tham số: {param_name}", "Missing parameter: {param_name}"),
    "cli.click.invalid_value_for": ("Giá trị không hợp lệ cho {param_hint}: {message}",
                                    "Invalid value for {param_hint}: {message}"),
    "cli.click.invalid_value": ("Giá trị không hợp lệ: {message}", "Invalid value: {message}"),
    "cli.click.not_choice": ("“{value}” không phải {choice}.", "{value!r} is not {choice}."),
    "cli.click.not_choices": ("“{value}” không phải một trong các giá trị {choices}.",
                              "{value!r} is not one of {choices}."),
    "cli.click.not_number": ("“{value}” không phải một số hợp lệ.", "{value!r} is not a valid {number_type}."),
    "cli.click.not_in_range": ("{value} nằm ngoài khoảng {range}.", "{value} is not in the range {range}."),
    "cli.click.needs_value": ("Tùy chọn “{name}” cần một giá trị.", "Option {name!r} requires an argument."),
    "cli.click.needs_values": ("Tùy chọn “{name}” cần {nargs} giá trị.", "Option {name!r} requires {nargs} arguments."),
    "cli.click.takes_no_value": ("Tùy chọn “{name}” không nhận giá trị.", "Option {name!r} does not take a value."),
    "cli.click.argument_values": ("Tham số “{name}” cần {nargs} giá trị.", "Argument {name!r} takes {nargs} values."),
    "cli.click.extra_argument": ("Thừa tham số ({args}).", "Got unexpected extra argument ({args})"),
    "cli.click.extra_arguments": ("Thừa các tham số ({args}).", "Got unexpected extra arguments ({args})"),
    "cli.click.path_missing": ("“{filename}” không tồn tại.", "{name} {filename!r} does not exist."),
    "cli.click.path_is_file": ("“{filename}” là tệp, cần một thư mục.", "{name} {filename!r} is a file."),
    "cli.click.path_is_dir": ("“{filename}” là thư mục, cần một tệp.", "{name} {filename!r} is a directory."),
    "cli.click.path_unreadable": ("Không đọc được “{filename}”.", "{name} {filename!r} is not readable."),
    "cli.click.path_unwritable": ("Không ghi được vào “{filename}”.", "{name} {filename!r} is not writable."),
    "cli.click.could_not_open": ("Không mở được tệp “{filename}”: {message}", "Could not open file {filename!r}: {message}"),
    "cli.click.default": ("mặc định: {default}", "default: {default}"),
    "cli.click.required": ("bắt buộc", "required"),
    "cli.click.env_var": ("biến môi trường: {var}", "env var: {var}"),
    "cli.click.aborted": ("Đã dừng!", "Aborted!"),
    # the command line's own words
    "cli.no_such_command": ("Không có lệnh “{name}”.", "No such command '{name}'."),
    "cli.did_you_mean": ("Có phải ý bạn là {names}?", "Did you mean {names}?"),
    # check --brief: the one-line summary
    "check.brief.summary": ("{name} {year}: {passed}/{total} tiêu chí đạt", "{name} {year}: {passed}/{total} criteria met"),
    "check.brief.attested": (" ({n} theo xác nhận)", " ({n} attested)"),
    "check.brief.failed": ("; chưa đạt: {ids}", "; not met: {ids}"),
    "check.brief.conflicts": ("; mâu thuẫn: {ids}", "; conflict: {ids}"),
    "check.brief.open": ("; chưa kết luận: {n}", "; undecided: {n}"),
    "check.brief.coverage": ("; có ngưỡng cho {known}/{total} chỉ tiêu", "; thresholds for {known}/{total} indicators"),
    "check.brief.criterion": ("TC{id}", "C{id}"),
    "check.brief.heading": ("{unit} · {set_id} · năm {year}", "{unit} · {set_id} · year {year}"),
    "check.brief.coverage_recorded": ("; có ngưỡng cho {known}/{total} chỉ tiêu đã ghi",
                                      "; thresholds for {known}/{total} recorded indicators"),
})
# --- messages: progress ---
CATALOG.update({
    # render/progress.py: the label of the progress bar on stderr (a terminal only, runs > ~2 s)
    "progress.batch": ("Đang đánh giá các đơn vị", "Evaluating units"),
    "progress.validate": ("Đang kiểm tra tệp bộ tiêu chí", "Checking criteria files"),
    "progress.writing": ("Đang ghi báo cáo", "Writing the report"),
})
# --- messages: units-2025 ---
CATALOG.update({
    # a provincial set's province (load/set_province.py, validate/checks/province.py)
    "schema.bad_province_code": ("mã tỉnh “{value}” không hợp lệ: ghi mã chính thức 2 chữ số, ví dụ \"12\"",
                                 "province code “{value}” is not valid: write the official two-digit code, "
                                 "e.g. \"12\""),
    "data.set_province_merged": (
        "bộ tiêu chí {set_id} là của tỉnh {province} (mã {code}) trước sắp xếp đơn vị hành chính; từ 01/7/2025 "
        "địa bàn này thuộc tỉnh {into} (mã {into_code}) sau hợp nhất — đánh giá ngày {date}: cần xác nhận tỉnh "
        "{into} còn áp dụng bộ này cho địa bàn tỉnh {province} cũ",
        "criteria set {set_id} is of the province {province} (code {code}) before the 2025 reorganisation; since "
        "1/7/2025 its land is part of the merged province {into} (code {into_code}) — evaluation dated {date}: "
        "confirm that {into} still applies this set to the former {province}"),
    "validate.check.province": ("tỉnh của bộ tiêu chí (mã, hợp nhất 01/7/2025)",
                                "the set's province (code, 1/7/2025 merger)"),
    "validate.province_missing": (
        "bộ tiêu chí của tỉnh {set_id} chưa ghi tỉnh theo mã: thêm `province:` với `code` (mã tỉnh chính thức, "
        "2 chữ số) và `name` (`docs/provincial-sets.md`)",
        "provincial set {set_id} does not name its province by code: add `province:` with `code` (the official "
        "two-digit code) and `name` (docs/provincial-sets.md)"),
    "validate.province_no_dataset": ("không kiểm tra được mã tỉnh: chưa cài gói {package} "
                                     "(`pip install 'ntm-eval[units]'`)",
                                     "province code not checked: the package {package} is not installed "
                                     "(pip install 'ntm-eval[units]')"),
    "validate.province_unknown_code": ("mã tỉnh {code} không có trong danh mục {map} (mã này là của: {other})",
                                       "province code {code} is not in the map of {map_en} (it is the code of: "
                                       "{other_en})"),
    "validate.province_name": ("mã tỉnh {code} là của tỉnh {official}, không phải “{value}”",
                               "province code {code} is {official}'s, not “{value}”"),
    "validate.province_not_merged": ("theo danh mục, tỉnh {province} (mã {code}) không hợp nhất với tỉnh nào ngày "
                                     "01/7/2025: bỏ `merged_into`",
                                     "per the official units, {province} (code {code}) was not merged with any "
                                     "province on 1/7/2025: remove `merged_into`"),
    "validate.province_merge_missing": (
        "tỉnh {province} (mã {code}) đã hợp nhất từ 01/7/2025 ({olds} → tỉnh {into}, mã {into_code}): ghi "
        "`merged_into: {{code: \"{into_code}\", name: {into}}}` trong `province`",
        "{province} (code {code}) was merged on 1/7/2025 ({olds} → {into}, code {into_code}): write "
        "`merged_into: {{code: \"{into_code}\", name: {into}}}` under `province`"),
    "validate.province_merge_mismatch": (
        "`merged_into` ghi {value}, nhưng theo danh mục tỉnh {province} (mã {code}) hợp nhất vào tỉnh {into} "
        "(mã {into_code}) ({olds})",
        "`merged_into` says {value}, but per the official units {province} (code {code}) was merged into {into} "
        "(code {into_code}) ({olds})"),
    "catalog.province": ("Tỉnh {name} (mã {code})", "Province {name} (code {code})"),
    "catalog.province_merged": ("Tỉnh {name} (mã {code}) — từ 01/7/2025 thuộc tỉnh {into} (mã {into_code})",
                                "Province {name} (code {code}) — since 1/7/2025 part of {into} (code {into_code})"),
    # diff: units merged in 2025 compared with their predecessors (render/diff_merged.py)
    "diff.merged_head": ("Đơn vị hợp nhất ({n}) — so với kết quả của các đơn vị cũ hợp thành",
                         "Merged units ({n}) — compared with the results of the former units they were formed from"),
    "diff.merged_code": ("mã {code}", "code {code}"),
    "diff.merged_unit": ("{name}{code}{province} — hợp nhất từ {n} đơn vị cũ: {listed}",
                         "{name}{code}{province} — formed from {n} former units: {listed}"),
    "diff.merged_own": ("năm {year}, bộ {set}: {passed}/{total} tiêu chí — {status}",
                        "in {year}, set {set}: {passed}/{total} criteria — {status}"),
    "diff.merged_pred": ("trước hợp nhất: {name} (mã {code}), năm {year}, bộ {set}: {passed}/{total} tiêu chí — "
                         "{status}",
                         "before the merger: {name} (code {code}), {year}, set {set}: {passed}/{total} criteria — "
                         "{status}"),
    "diff.merged_missing": ("không có kết quả trong {input} của: {names}", "no result in {input} for: {names}"),
    "diff.merged_set": ("từng tiêu chí của bộ {set} ({names}){shared}:", "criterion by criterion, set {set} "
                        "({names}){shared}:"),
    "diff.merged_shared": ("; {name} năm {year} cũng theo bộ này", "; {name} in {year} under the same set"),
    "diff.merged_crit": ("tiêu chí {id} ({title}): đạt: {met}; chưa đạt: {not_met}{new}",
                         "criterion {id} ({title}): met by {met}; not met by {not_met}{new}"),
    "diff.merged_new_status": (" → {name}: {status}", " → {name}: {status}"),
    "diff.merged_same": ("{which}: mọi đơn vị cũ đều đạt{also}", "{which}: met by every former unit{also}"),
    "diff.merged_rest": ("{n} tiêu chí còn lại", "the other {n} criteria"),
    "diff.merged_every": ("cả {n} tiêu chí", "all {n} criteria"),
    "diff.merged_also": (", {name} cũng đạt", ", and by {name}"),
    "diff.merged_other_set": ("bộ {set} (năm {year}) khác bộ của các đơn vị cũ: không so theo từng tiêu chí",
                              "set {set} ({year}) is not the former units' set: not compared criterion by criterion"),
    "diff.merged_lost": ("{name} không đạt {n} tiêu chí mà mọi đơn vị cũ đều đạt theo bộ {set} ({ids})",
                         "{name} does not meet {n} criteria every former unit met under {set} ({ids})"),
    "diff.merged_result_lost": ("{n} đơn vị hợp nhất không đạt tiêu chí mà mọi đơn vị cũ đều đạt: {names}",
                                "{n} merged units do not meet criteria every former unit met: {names}"),
    "diff.kind.merged": ("hợp nhất", "merged"),
    "diff.merged_row": ("hợp nhất từ {name}", "formed from {name}"),
    "diff.merged_twice": ("{name} ({old}) là đơn vị cũ của cả {first} và {other}: kết quả của nó được so với cả "
                          "hai — chỉ đúng khi xã cũ được chia cho hai xã mới",
                          "{name} ({old}) is a former unit of both {first} and {other}: its result is compared with "
                          "both — right only for a commune divided between two new ones"),
    "check.merged_from": ("Hợp nhất từ 01/7/2025, gồm: {units}", "Formed on 1/7/2025 from: {units}"),
    "diff.merged_row_missing": ("hợp nhất từ {name}: không có kết quả năm trước",
                                "formed from {name}: no earlier result"),
})
# --- messages: lead ---
CATALOG.update({
    "sheet.unsourced_verdicts": ("{rows} dòng của bảng ghi {n} kết luận Đạt/Chưa đạt mà không ghi cơ quan xác nhận: "
                                 "chúng được tính là “theo xác nhận” của chính bảng — thêm cột “Đơn vị xác nhận” "
                                 "(và “Văn bản”), hoặc nhập số liệu để ntm-eval tự tính",
                                 "{rows} {rows:row|rows} of the sheet give {n} Đạt/Chưa đạt {n:verdict|verdicts} with "
                                 "no attesting body: they count as attested by the sheet itself — add a column "
                                 "“Đơn vị xác nhận” (and “Văn bản”), or enter the figures for ntm-eval to compute"),
    "batch.meeting_label": ("{Unit} đạt chuẩn", "{Units} meeting the set"),  # before their names (not a count)
    "html.basis.attested_unnamed": ("theo xác nhận ({source})", "attested ({source})"),
    "cli.format_unavailable": ("tệp {path} mang đuôi của định dạng {format}, nhưng lệnh này không ghi định dạng đó; "
                               "các định dạng: {formats} — đổi tên tệp, hoặc dùng lệnh khác (ví dụ “ntm-eval batch … -o {path}”)",
                               "{path} is named for the {format} format, which this command does not write; formats: "
                               "{formats} — rename the file, or use another command (e.g. “ntm-eval batch … -o {path}”)"),
    "batch.merged_twice": ("{name} (mã {code}) đã được ghi là một trong các đơn vị hợp thành {first} ({first_file}); "
                           "ở đây {unit} cũng ghi nó trong merged_from — một xã cũ chỉ hợp vào một xã mới, trừ khi xã "
                           "cũ được chia; kiểm tra lại merged_from của hai xã",
                           "{name} (code {code}) is already listed as merged into {first} ({first_file}); {unit} lists "
                           "it in merged_from too — an old commune merges into one new commune unless it was divided; "
                           "check both communes' merged_from"),
})
# --- messages: units-rest ---
# A sheet's problems name the column as the user headed it (io/sheet.py `in_column`: the `.column`
# variant), and a field the sheet has no column for is a column to add (`.no_column`).
CATALOG.update({
    "schema.bad_choice.column": ("cột “{column}”: giá trị “{value}” không hợp lệ; chọn một trong: {choices}",
                                 "column “{column}”: invalid value “{value}”; one of: {choices}"),
    "schema.bad_date.column": ("cột “{column}”: ngày “{value}” không hợp lệ, cần dạng ngày/tháng/năm (25/10/2024) "
                               "hoặc YYYY-MM-DD (2024-10-25)",
                               "column “{column}”: invalid date “{value}”, expected day/month/year (25/10/2024) "
                               "or YYYY-MM-DD (2024-10-25)"),
    "data.bad_class.column": ("cột “{column}”: “{value}” không hợp lệ; chọn một trong: {choices}",
                              "column “{column}”: “{value}” is not valid; one of: {choices}"),
    "data.no_class.column": ("ô cột “{column}” để trống: bộ {set_id} có ngưỡng theo “{column}”; ghi một trong: "
                             "{choices} — hoặc dùng --{key_name} cho cả bảng",
                             "the “{column}” cell is empty: set {set_id} has thresholds by “{column}”; write one of: "
                             "{choices} — or use --{key_name} for the whole sheet"),
    "data.no_class.no_column": ("bảng không có cột “{column}”: bộ {set_id} có ngưỡng theo “{column}”; thêm cột "
                                "“{column}” (một trong: {choices}) hoặc dùng --{key_name} cho cả bảng",
                                "the sheet has no “{column}” column: set {set_id} has thresholds by “{column}”; add "
                                "a “{column}” column (one of: {choices}) or use --{key_name} for the whole sheet"),
    "data.no_year.column": ("ô cột “{column}” để trống: ghi năm đánh giá (ví dụ 2024) hoặc dùng --year",
                            "the “{column}” cell is empty: write the evaluation year (e.g. 2024) or use --year"),
    "data.no_year.no_column": ("thiếu năm đánh giá: thêm cột “{column}” vào bảng hoặc dùng --year",
                               "no evaluation year: add a “{column}” column to the sheet or use --year"),
    "units.region_spans": ("tỉnh {province} từ 01/7/2025 được hợp thành từ các tỉnh cũ thuộc hai vùng ({parts}): "
                           "vùng không suy được từ tỉnh; ghi vùng của đơn vị (“region”, một trong: {choices}) cho "
                           "bộ {set_id}",
                           "since 1/7/2025 the province {province} is formed from old provinces of two regions "
                           "({parts}): the region cannot follow from the province; state the unit's region "
                           "(“region”, one of: {choices}) for set {set_id}"),
    "units.region_spans.column": ("ô cột “{column}” để trống, nhưng tỉnh {province} từ 01/7/2025 được hợp thành từ "
                                  "các tỉnh cũ thuộc hai vùng ({parts}): vùng không suy được từ tỉnh; ghi một trong: "
                                  "{choices} (bộ {set_id}) — hoặc dùng --region cho cả bảng",
                                  "the “{column}” cell is empty, but since 1/7/2025 the province {province} is formed "
                                  "from old provinces of two regions ({parts}): the region cannot follow from the "
                                  "province; write one of: {choices} (set {set_id}) — or use --region for the whole "
                                  "sheet"),
    "units.region_spans.no_column": ("bảng không có cột “{column}”, nhưng tỉnh {province} từ 01/7/2025 được hợp "
                                     "thành từ các tỉnh cũ thuộc hai vùng ({parts}): vùng không suy được từ tỉnh; "
                                     "thêm cột “{column}” (một trong: {choices}, bộ {set_id}) hoặc dùng --region "
                                     "cho cả bảng",
                                     "the sheet has no “{column}” column, but since 1/7/2025 the province {province} "
                                     "is formed from old provinces of two regions ({parts}): the region cannot follow "
                                     "from the province; add a “{column}” column (one of: {choices}, set {set_id}) "
                                     "or use --region for the whole sheet"),
})
# Problems whose message names no field: in a sheet they are led by the column ("cột “Huyện”: …").
for _key in ("data.bad_year", "data.date_year", "data.level_mismatch", "data.unknown_category", "data.bad_verdict",
             "data.attestation_future", "units.bad_code", "units.unknown_code", "units.code_abolished",
             "units.code_not_yet", "units.code_name", "units.code_province", "units.code_district",
             "units.unknown_province", "units.province_abolished", "units.province_not_yet",
             "units.unknown_district", "units.unknown_commune", "units.unknown_province_far",
             "units.province_abolished_far", "units.province_not_yet_far", "units.unknown_district_far",
             "units.unknown_commune_far", "units.spelling", "units.commune_district",
             "units.merged_before", "units.merged_unchecked", "units.merged_unknown", "units.merged_other_province",
             "units.merged_not_predecessor"):
    if _key in CATALOG and f"{_key}.column" not in CATALOG:
        _vi, _en = CATALOG[_key]
        CATALOG[f"{_key}.column"] = ("cột “{column}”: " + _vi, "column “{column}”: " + _en)
# --- messages: batch-formats ---
# A 2026 commune formed on 1/7/2025: its predecessors in every batch format (issue 14).
CATALOG.update({
    "batch.col.merged": ("Hợp nhất từ", "Formed from"),
    "batch.merged_line": ("Hợp nhất từ: {units}", "Formed from: {units}"),
    # the spreadsheets' column: codes only, a header the sheet reader takes as `merged_from`
    "batch.col.merged_codes": ("Hợp nhất từ (mã xã cũ)", "merged_from"),
})
# --- messages: units-finish ---
# The official-unit fields `ntm-eval template` offers (YAML scaffold and XLSX workbook, issue 14).
CATALOG.update({
    "template.province": ("tỉnh/thành phố (tùy chọn): khi có, tên và mã đơn vị được đối chiếu với danh mục đơn vị "
                          "hành chính có hiệu lực vào ngày đánh giá",
                          "province (optional): when given, the unit's name and code are checked against the "
                          "official administrative units in force on the evaluation date"),
    "template.code": ("mã đơn vị hành chính (tùy chọn; {digits} chữ số, ví dụ “{example}”): nhóm đơn vị theo mã, "
                      "không theo cách viết tên; được đối chiếu khi có “province”",
                      "official administrative unit code (optional; {digits} digits, e.g. “{example}”): units are "
                      "grouped by code, not by spelling; checked when “province” is given"),
    "template.merged_from": ("xã hình thành ngày 01/7/2025: các xã cũ hợp thành (mã hoặc tên), đối chiếu với bảng "
                             "chuyển đổi chính thức; bỏ trống nếu xã không sáp nhập",
                             "a commune formed on 1/7/2025: the old communes it was merged from (codes or names), "
                             "checked against the official converter; leave out if the commune was not merged"),
    "tx.code_col": ("Mã đơn vị hành chính ({digits} chữ số, tùy chọn), đối chiếu với danh mục chính thức khi có Tỉnh",
                    "Official unit code ({digits} digits, optional), checked against the official units when "
                    "Tỉnh (province) is given"),
    "tx.code_prompt": ("{digits} chữ số, ví dụ {example}; nhập dạng chữ để giữ số 0 đầu",
                       "{digits} digits, e.g. {example}; typed as text so the leading 0 stays"),
    "tx.merged_col": ("Xã hình thành ngày 01/7/2025: mã hoặc tên các xã cũ hợp thành, cách nhau bằng “;” "
                      "(ví dụ 03412; 03413); bỏ trống nếu không sáp nhập",
                      "A commune formed on 1/7/2025: codes or names of the old communes it was merged from, "
                      "separated by “;” (e.g. 03412; 03413); empty if it was not merged"),
})
# 51/2025 Phụ lục III (tỉnh hoàn thành nhiệm vụ 2026–2030): not in the reference, never computed —
# for the batch's province aggregate of a 51/2025 commune set (hook: helper U's report).
CATALOG.update({
    "batch.annex3_unknown": ("Điều kiện tỉnh, thành phố hoàn thành nhiệm vụ xây dựng nông thôn mới giai đoạn 2026 - "
                             "2030 (Phụ lục III, Quyết định 51/2025/QĐ-TTg) chưa được mã hóa vì chưa có nội dung văn "
                             "bản: ntm-eval không kết luận tỉnh đã hoàn thành nhiệm vụ; tỷ lệ xã đạt chuẩn ở trên chỉ "
                             "để tham khảo",
                             "The conditions for a province to complete new-rural development 2026–2030 (Annex III, "
                             "Decision 51/2025/QĐ-TTg) are not encoded, their text not being available: ntm-eval "
                             "does not conclude that the province has completed the task; the share of communes "
                             "meeting the set above is for information only"),
})
