"""User-facing text in Vietnamese (default) and English. The core speaks in message keys."""

from __future__ import annotations

from typing import Any

from ntm_eval.errors import Problem

# key: (Vietnamese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # files and YAML
    "file.not_found": ("không tìm thấy tệp", "file not found"),
    "file.unreadable": ("không có quyền đọc tệp", "permission denied"),
    "file.is_dir": ("đây là thư mục, không phải tệp", "this is a folder, not a file"),
    "file.too_large": ("tệp quá lớn ({size} byte, tối đa {limit})", "file too large ({size} bytes, limit {limit})"),
    "file.not_utf8": ("tệp không phải UTF-8 (byte {byte}); hãy lưu lại với mã hóa UTF-8",
                      "file is not UTF-8 (byte {byte}); save it as UTF-8"),
    "file.empty": ("tệp rỗng", "file is empty"),
    "yaml.syntax": ("lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
    "yaml.too_deep": ("cấu trúc lồng nhau quá sâu", "nesting too deep"),
    "yaml.too_many_nodes": ("tệp mở rộng thành quá nhiều phần tử (>{limit}); có thể là 'YAML bomb' dùng alias",
                            "file expands to too many nodes (>{limit}); possibly an alias bomb"),
    "yaml.complex_key": ("khóa phải là một giá trị đơn", "mapping keys must be plain scalars"),
    "yaml.merge_key": ("không hỗ trợ khóa gộp '<<'", "merge keys '<<' are not supported"),
    "yaml.duplicate_key": ("khóa “{key}” bị lặp (đã có ở dòng {first_line}); giá trị không được ghi đè âm thầm",
                           "duplicate key “{key}” (first at line {first_line}); values are never silently overwritten"),
    "yaml.bad_tag": ("thẻ YAML không được phép: {tag}", "YAML tag not allowed: {tag}"),
    # schema of criteria and data files
    "schema.expected_mapping": ("“{what}” phải là một ánh xạ (khóa: giá trị), nhận được {got}",
                                "“{what}” must be a mapping (key: value), got {got}"),
    "schema.unknown_key": ("khóa không hợp lệ “{name}” trong {where}", "unknown key “{name}” in {where}"),
    "schema.missing_key": ("thiếu khóa bắt buộc “{name}” {where}", "missing required key “{name}” {where}"),
    "schema.expected_text": ("“{name}” phải là văn bản, nhận được {got}", "“{name}” must be text, got {got}"),
    "schema.bad_date": ("“{name}”: ngày “{value}” không hợp lệ, cần dạng YYYY-MM-DD",
                        "“{name}”: invalid date “{value}”, expected YYYY-MM-DD"),
    "schema.bad_choice": ("“{name}”: giá trị “{value}” không hợp lệ; chọn một trong: {choices}",
                          "“{name}”: invalid value “{value}”; expected one of: {choices}"),
    "schema.expected_list": ("“{name}” phải là một danh sách", "“{name}” must be a list"),
    "schema.unknown_source": ("nguồn “{name}” chưa khai báo trong “sources”", "source “{name}” is not declared in “sources”"),
    "schema.version": ("schema_version {value} không được hỗ trợ (chỉ hỗ trợ 1)", "schema_version {value} is not supported (only 1)"),
    "schema.bad_set_id": ("mã bộ tiêu chí “{value}” không hợp lệ: chỉ dùng chữ thường, số, . _ - và /, không có “..”",
                          "invalid set id “{value}”: use lower-case letters, digits, . _ - and /, no “..”"),
    "schema.expected_int": ("“{name}” phải là số nguyên, nhận được {got}", "“{name}” must be a whole number, got {got}"),
    "schema.expected_years": ("“years” phải là danh sách năm, ví dụ [2022, 2023]", "“years” must be a list of years, e.g. [2022, 2023]"),
    "schema.remove_unknown": ("“remove”: không có mã “{name}” để bỏ", "“remove”: there is no id “{name}” to remove"),
    "schema.no_criteria": ("bộ tiêu chí không có tiêu chí nào", "the criteria set defines no criteria"),
    "schema.no_indicators": ("tiêu chí không có chỉ tiêu nào", "the criterion has no indicators"),
    "schema.unknown_class": ("giá trị phân loại “{value}” không có trong classification.values",
                             "class “{value}” is not among classification.values"),
    "schema.unknown_category": ("nhóm đặc thù “{value}” chưa khai báo trong “categories”",
                                "category “{value}” is not declared in “categories”"),
    "schema.bad_indicator_id": ("mã chỉ tiêu “{value}” không hợp lệ", "invalid indicator id “{value}”"),
    "schema.expected_bool": ("“{name}” phải là true hoặc false", "“{name}” must be true or false"),
    "schema.parts_need_composite": ("chỉ chỉ tiêu loại all_of/any_of mới có “parts”", "only all_of/any_of indicators have “parts”"),
    "schema.nested_composite": ("không lồng chỉ tiêu tổng hợp trong “parts”", "composite indicators cannot be nested in “parts”"),
    "schema.composite_needs_parts": ("chỉ tiêu loại all_of/any_of cần “parts”", "an all_of/any_of indicator needs “parts”"),
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
    "schema.bad_value": ("giá trị ngưỡng không hợp lệ: {got}; dùng số, true/false, unknown, by_year, by_<phân loại>, derived",
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
    "catalog.unknown_set": ("không có bộ tiêu chí “{name}”; xem danh sách bằng “ntm-eval sets”",
                            "no criteria set “{name}”; list them with “ntm-eval sets”"),
    # unit data
    "data.not_mapping": ("tệp dữ liệu phải là một ánh xạ với các khóa unit, year, values",
                         "a data file must be a mapping with keys unit, year, values"),
    "data.bad_year": ("năm “{value}” không hợp lệ", "invalid year “{value}”"),
    "data.date_year": ("ngày đánh giá {value} không thuộc năm {year}", "evaluation date {value} is not in year {year}"),
    "data.no_year": ("thiếu năm đánh giá: thêm “year: 2024” vào tệp hoặc dùng --year",
                     "no evaluation year: add “year: 2024” to the file or pass --year"),
    "data.level_mismatch": ("đơn vị cấp “{value}” nhưng bộ tiêu chí {set_id} dành cho cấp “{expected}”",
                            "unit level “{value}” but set {set_id} is for level “{expected}”"),
    "data.no_class": ("thiếu unit.{key_name}: bộ {set_id} có ngưỡng theo {key_name}; chọn một trong: {choices}",
                      "missing unit.{key_name}: set {set_id} has thresholds by {key_name}; one of: {choices}"),
    "data.bad_class": ("unit.{key_name} “{value}” không hợp lệ; chọn một trong: {choices}",
                       "invalid unit.{key_name} “{value}”; one of: {choices}"),
    "data.unknown_category": ("nhóm đặc thù “{value}” không có trong bộ {set_id} (có: {choices})",
                              "category “{value}” is not known to set {set_id} (known: {choices})"),
    "data.set_not_in_force": ("bộ {set_id} có hiệu lực {valid_from} – {valid_until}, không bao gồm ngày đánh giá {date}: các ngưỡng ngoài thời gian hiệu lực được coi là chưa có",
                              "set {set_id} is in force {valid_from} – {valid_until}, not on the evaluation date {date}: thresholds out of force count as unknown"),
    "data.unknown_indicator": ("mã chỉ tiêu “{indicator}” không có trong bộ {set_id}",
                               "indicator “{indicator}” is not in set {set_id}"),
    "data.composite_and_parts": ("chỉ tiêu {indicator}: hoặc cho kết luận chung, hoặc cho từng phần — không cả hai",
                                 "indicator {indicator}: give either the overall verdict or the parts, not both"),
    "data.value_and_counts": ("chỉ tiêu {indicator}: hoặc “value”, hoặc “numerator/denominator” — không cả hai",
                              "indicator {indicator}: give either “value” or “numerator/denominator”, not both"),
    "data.wrapper_no_value": ("chỉ tiêu {indicator}: thiếu “value” (hoặc numerator/denominator)",
                              "indicator {indicator}: missing “value” (or numerator/denominator)"),
    "data.not_optional": ("chỉ tiêu {indicator} luôn áp dụng (không phải “nếu có”), không được ghi n/a",
                          "indicator {indicator} always applies (it is not “if any”); n/a is not allowed"),
    "data.expected_bool": ("chỉ tiêu {indicator}: cần Đạt/Chưa đạt (true/false), nhận được “{value}”",
                           "indicator {indicator}: expected met/not met (true/false), got “{value}”"),
    "data.expected_number": ("chỉ tiêu {indicator}: cần một số {unit}, nhận được “{value}”",
                             "indicator {indicator}: expected a number {unit}, got “{value}”"),
    "data.ambiguous_number": ("chỉ tiêu {indicator}: “{value}” không rõ dấu chấm là phần nghìn hay thập phân; viết số không có dấu phân cách nghìn, ví dụ 1234,5 hoặc 1234.5",
                              "indicator {indicator}: in “{value}” the dot may be a thousands separator or a decimal point; write it without thousands separators, e.g. 1234.5"),
    "data.negative": ("chỉ tiêu {indicator}: giá trị âm “{value}” không hợp lệ", "indicator {indicator}: negative value “{value}”"),
    "data.percent_range": ("chỉ tiêu {indicator}: tỷ lệ “{value}” nằm ngoài 0–100%", "indicator {indicator}: percentage “{value}” is outside 0–100%"),
    "data.counts_not_percent": ("chỉ tiêu {indicator}: numerator/denominator chỉ dùng cho chỉ tiêu tỷ lệ",
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
    "cli.no_inputs": ("không tìm thấy tệp dữ liệu nào trong {path}", "no data files found in {path}"),
    "warn.no_libyaml": ("PyYAML không có libyaml: đọc YAML chậm hơn ~8 lần", "PyYAML lacks libyaml: YAML loading is ~8× slower"),
}

HINT = ("có phải ý bạn là “{hint}”?", "did you mean “{hint}”?")
INDICATOR = ("chỉ tiêu {id}", "indicator {id}")

STATUS_LABELS = {
    "pass": ("Đạt", "Met"),
    "fail": ("Chưa đạt", "Not met"),
    "missing": ("Thiếu dữ liệu", "No data"),
    "not_applicable": ("Không áp dụng", "Not applicable"),
    "no_threshold": ("Chưa có ngưỡng", "No threshold"),
}

CONFIDENCE_MARKS = {"primary": "✓", "secondary": "~", "uncertain": "?", "demo": "D"}
CONFIDENCE_LABELS = {
    "primary": ("trích văn bản gốc", "primary excerpt"),
    "secondary": ("nguồn thứ cấp", "secondary source"),
    "uncertain": ("chưa chắc chắn", "uncertain"),
    "demo": ("minh họa", "demo"),
}

_LANG = {"vi": 0, "en": 1}


def lang_index(lang: str) -> int:
    return _LANG.get(lang, 0)


def t(key: str, lang: str = "vi", **params: Any) -> str:
    pair = CATALOG.get(key)
    if pair is None:
        return key + (" " + repr(params) if params else "")
    template = pair[lang_index(lang)]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def status_label(status: str, lang: str = "vi") -> str:
    return STATUS_LABELS.get(status, (status, status))[lang_index(lang)]


def format_problem(p: Problem, lang: str = "vi") -> str:
    """`file:line:col: lỗi: message (chỉ tiêu 17.1) — did you mean …?`"""
    i = lang_index(lang)
    level = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning")}[p.severity][i]
    msg = t(p.key, lang, **p.params)
    if p.indicator and "{indicator}" not in CATALOG.get(p.key, ("", ""))[i]:
        msg += f" ({INDICATOR[i].format(id=p.indicator)})"
    hint = p.params.get("hint")
    if hint:
        msg += " — " + HINT[i].format(hint=hint)
    return f"{p.location()}: {level}: {msg}"
