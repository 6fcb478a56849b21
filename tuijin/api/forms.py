from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=50, initial="手机App",
                           help_text="写明用途，便于日后辨认和吊销，如“手机App”“数据对接脚本”",
                           widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "手机App"}))
